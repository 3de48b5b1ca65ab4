package io.boxsync.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.connector.ConnectorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A successful (2xx) answer of the tool. Immutable.
 *
 * @param status  the HTTP status
 * @param headers the response headers, names compared case-insensitively
 * @param body    the raw body, empty for none
 */
public record RemoteResponse(int status, Map<String, List<String>> headers, byte[] body) {
    public RemoteResponse {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(Objects.requireNonNull(headers, "headers"));
        headers = java.util.Collections.unmodifiableMap(h);
        body = Objects.requireNonNull(body, "body").clone();
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as JSON.
     *
     * @throws ConnectorException of kind {@link ConnectorException.Kind#INVALID_RESPONSE} when it is empty or not JSON
     */
    public JsonNode json(ObjectMapper mapper) {
        if (body.length == 0) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_RESPONSE,
                    "expected a JSON body, got an empty answer", status, null, null);
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IOException("no JSON value");
            }
            return node;
        } catch (IOException e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_RESPONSE,
                    "the answer is not valid JSON: " + ErrorBodies.snippet(bodyText()), status, null, e);
        }
    }
}
