package io.boxsync.connector.trello;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.Secret;
import io.boxsync.connector.http.Authentication;
import io.boxsync.connector.http.ConnectorHttpClient;
import io.boxsync.connector.http.RateLimiter;
import io.boxsync.connector.http.RemoteRequest;
import io.boxsync.connector.http.RetryPolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Trello's REST API on the shared HTTP client: authentication as an account, and Trello's error answers mapped to
 * what the caller must do. Thread-safe.
 */
final class TrelloRest implements AutoCloseable {
    private static final java.time.Duration TRELLO_RATE_WINDOW = java.time.Duration.ofSeconds(10);

    private final ConnectorHttpClient http;
    private final String apiRoot;

    TrelloRest(ConnectionSettings settings) {
        String base = settings.baseUrl().toString().replaceAll("/+$", "");
        this.apiRoot = base.endsWith("/1") ? base : base + "/1";
        this.http = ConnectorHttpClient.builder()
                .connection("trello")
                .timeout(settings.timeout())
                .retryPolicy(RetryPolicy.standard(settings.maxRetries()))
                // Trello allows 100 requests per 10 s per token; stay under it rather than collect 429s.
                .rateLimiter(RateLimiter.of(10.0, 100))
                .build();
    }

    JsonNode get(String path, Map<String, String> query, RemoteAccount as) {
        return call(RemoteRequest.get(uri(path, query)).withOperation(operation("get", path)), as);
    }

    JsonNode put(String path, Map<String, ?> body, RemoteAccount as) {
        return call(RemoteRequest.put(uri(path, Map.of()), body).withOperation(operation("put", path)), as);
    }

    JsonNode post(String path, Map<String, String> query, RemoteAccount as) {
        return call(RemoteRequest.post(uri(path, query), null).withOperation(operation("post", path)), as);
    }

    private JsonNode call(RemoteRequest request, RemoteAccount as) {
        try {
            return http.sendForJson(request.withAuthentication(oauth(as)));
        } catch (ConnectorException e) {
            throw reclassify(e);
        }
    }

    /**
     * Trello answers 401 both for bad credentials ({@code invalid token}, {@code invalid key}, {@code expired
     * token}) and for a valid member who may not touch the model ({@code unauthorized ... permission requested}),
     * and 400 {@code invalid id} for an id that cannot exist.
     */
    static ConnectorException reclassify(ConnectorException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e.status() == 401 && !(message.contains("invalid token") || message.contains("invalid key")
                || message.contains("expired token"))) {
            // A known member without the right on this board: refuse the action, the credentials are fine.
            return new ConnectorException(Kind.PERMISSION, e.getMessage(), e.status(), null, e);
        }
        if (e.status() == 429 && e.retryAfter().isEmpty()) {
            // Trello sends no Retry-After; its limits are counted over 10-second windows, so that is the wait.
            return new ConnectorException(Kind.TRANSIENT, e.getMessage(), e.status(), TRELLO_RATE_WINDOW, e);
        }
        if (e.status() == 400 && message.endsWith(": invalid id")) {
            // The id cannot name any Trello object: for the caller it does not exist.
            return new ConnectorException(Kind.NOT_FOUND, e.getMessage(), e.status(), null, e);
        }
        return e;
    }

    private static Authentication oauth(RemoteAccount as) {
        // The header keeps key and token out of URLs, which proxies and access logs record.
        return Authentication.header("Authorization", Secret.of("OAuth oauth_consumer_key=\"" + as.login()
                + "\", oauth_token=\"" + as.secret().reveal() + "\""));
    }

    private URI uri(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> q.add(enc(k) + "=" + enc(v)));
        return URI.create(apiRoot + path + (query.isEmpty() ? "" : "?" + q));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String operation(String method, String path) {
        String[] parts = path.split("/");
        StringJoiner op = new StringJoiner(".", "trello.", "." + method);
        for (int i = 1; i < parts.length; i += 2) {
            op.add(parts[i]);
        }
        return op.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
