package io.boxsync.connector.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.http.Authentication;
import io.boxsync.connector.http.ConnectorHttpClient;
import io.boxsync.connector.http.RemoteRequest;
import io.boxsync.connector.http.RemoteResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Redmine REST calls the connector makes, over the shared {@link ConnectorHttpClient}: every call names the
 * account it runs as ({@code X-Redmine-API-Key}). Thread-safe. Failures are the shared client's
 * {@link ConnectorException}s (401 AUTH, 403 PERMISSION, 404 NOT_FOUND, 422 CONFLICT with Redmine's messages).
 */
final class RedmineApi implements AutoCloseable {
    static final String KEY_HEADER = "X-Redmine-API-Key";

    private final URI base;
    private final ConnectorHttpClient http;

    RedmineApi(URI baseUrl, ConnectorHttpClient http) {
        String text = baseUrl.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.http = http;
    }

    ObjectMapper mapper() {
        return http.mapper();
    }

    /** A GET of {@code path} (starting with a slash, ending in {@code .json}) with the query parameters. */
    JsonNode get(String path, List<Map.Entry<String, String>> query, RemoteAccount account, String operation) {
        return http.sendForJson(RemoteRequest.get(uri(path, query)).withOperation(operation)
                .withAuthentication(auth(account)));
    }

    JsonNode get(String path, RemoteAccount account, String operation) {
        return get(path, List.of(), account, operation);
    }

    /** A POST of a JSON body; never repeated after it may have reached Redmine. */
    JsonNode post(String path, Object body, RemoteAccount account, String operation) {
        return http.sendForJson(RemoteRequest.post(uri(path, List.of()), body).withOperation(operation)
                .withAuthentication(auth(account)));
    }

    /** A PUT of a JSON body; Redmine answers 204 without a body. */
    RemoteResponse put(String path, Object body, RemoteAccount account, String operation) {
        return http.send(RemoteRequest.put(uri(path, List.of()), body).withOperation(operation)
                .withAuthentication(auth(account)));
    }

    RemoteResponse delete(String path, RemoteAccount account, String operation) {
        return http.send(RemoteRequest.delete(uri(path, List.of())).withOperation(operation)
                .withAuthentication(auth(account)));
    }

    URI uri(String path, List<Map.Entry<String, String>> query) {
        String encoded = query.stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(base + path + (encoded.isEmpty() ? "" : "?" + encoded));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    private static Authentication auth(RemoteAccount account) {
        return Authentication.header(KEY_HEADER, account.secret());
    }

    @Override
    public void close() {
        http.close();
    }
}
