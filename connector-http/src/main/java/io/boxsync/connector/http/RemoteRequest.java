package io.boxsync.connector.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One outbound call, immutable: method, URI, headers, an optional JSON body, and whether repeating it is harmless.
 * Build with {@link #get}, {@link #post}, {@link #put}, {@link #delete}, then the {@code with...} methods, each of
 * which returns a copy.
 *
 * <p>GET, PUT and DELETE are idempotent by default and POST is not; a read done with POST (a search) says so with
 * {@link #idempotent(boolean)}. Only idempotent calls are retried after they may have reached the tool.
 */
public final class RemoteRequest {
    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final Object jsonBody;
    private final boolean idempotent;
    private final String operation;
    private final Duration timeout;
    private final Authentication authentication;

    private RemoteRequest(String method, URI uri, Map<String, String> headers, Object jsonBody, boolean idempotent,
                          String operation, Duration timeout, Authentication authentication) {
        this.method = method;
        this.uri = Objects.requireNonNull(uri, "uri");
        this.headers = Map.copyOf(headers);
        this.jsonBody = jsonBody;
        this.idempotent = idempotent;
        this.operation = operation;
        this.timeout = timeout;
        this.authentication = authentication;
    }

    private static RemoteRequest of(String method, URI uri, Object body, boolean idempotent) {
        return new RemoteRequest(method, uri, Map.of(), body, idempotent, method.toLowerCase(Locale.ROOT), null, null);
    }

    public static RemoteRequest get(URI uri) {
        return of("GET", uri, null, true);
    }

    /** A POST of a JSON body (a Jackson tree, a map or a record); not idempotent unless said so. */
    public static RemoteRequest post(URI uri, Object jsonBody) {
        return of("POST", uri, jsonBody, false);
    }

    public static RemoteRequest put(URI uri, Object jsonBody) {
        return of("PUT", uri, jsonBody, true);
    }

    public static RemoteRequest delete(URI uri) {
        return of("DELETE", uri, null, true);
    }

    /** A copy with a low-cardinality name for metrics and messages, e.g. {@code issue.get}. */
    public RemoteRequest withOperation(String operationName) {
        return new RemoteRequest(method, uri, headers, jsonBody, idempotent,
                Objects.requireNonNull(operationName, "operationName"), timeout, authentication);
    }

    /** A copy with one more header. */
    public RemoteRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new RemoteRequest(method, uri, copy, jsonBody, idempotent, operation, timeout, authentication);
    }

    /** A copy with its own timeout instead of the client's. */
    public RemoteRequest withTimeout(Duration callTimeout) {
        return new RemoteRequest(method, uri, headers, jsonBody, idempotent, operation,
                Objects.requireNonNull(callTimeout, "callTimeout"), authentication);
    }

    /** A copy authenticated as an account. */
    public RemoteRequest withAuthentication(Authentication auth) {
        return new RemoteRequest(method, uri, headers, jsonBody, idempotent, operation, timeout,
                Objects.requireNonNull(auth, "auth"));
    }

    /** A copy saying whether repeating the call is harmless. */
    public RemoteRequest idempotent(boolean repeatable) {
        return new RemoteRequest(method, uri, headers, jsonBody, repeatable, operation, timeout, authentication);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body, empty for none. */
    public Optional<Object> jsonBody() {
        return Optional.ofNullable(jsonBody);
    }

    public boolean isIdempotent() {
        return idempotent;
    }

    public String operation() {
        return operation;
    }

    /** The call's own timeout, empty to use the client's. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public Optional<Authentication> authentication() {
        return Optional.ofNullable(authentication);
    }

    /** Method and path without the query (queries may carry credentials, e.g. Trello's key and token). */
    public String describe() {
        return method + " " + uri.getRawPath();
    }

    @Override
    public String toString() {
        return "RemoteRequest[" + describe() + ", " + operation + "]";
    }
}
