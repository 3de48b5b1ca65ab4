package io.boxsync.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * A small JSON client of Boxsync's own HTTP API, signed in with an API token. The demo sets itself up through it, so
 * every connection, user and Box it makes went through the same validation as an admin's. Thread-safe.
 */
public final class DemoApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    private DemoApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * Signs in with a password and creates an API token for the rest of the session.
     *
     * @throws DemoSetupException when the sign-in or the token is refused
     */
    public static DemoApi signIn(URI base, String login, String password) {
        HttpRequest session = HttpRequest.newBuilder(base.resolve("/api/session")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text(java.util.Map.of("login", login, "password", password))))
                .build();
        Response signedIn = execute(session);
        if (signedIn.status() != 200) {
            throw new DemoSetupException("sign-in of " + login + " failed: " + signedIn);
        }
        String cookie = signedIn.setCookie().split(";", 2)[0];
        HttpRequest tokenRequest = HttpRequest.newBuilder(base.resolve("/api/tokens")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .header("X-CSRF-Token", signedIn.json().path("csrfToken").asText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"demo\"}")).build();
        Response created = execute(tokenRequest);
        if (created.status() != 201) {
            throw new DemoSetupException("API token of " + login + " not created: " + created);
        }
        return new DemoApi(base, created.json().get("token").asText());
    }

    public URI base() {
        return base;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    /** Sends a request; the body (may be null) is serialised as JSON. */
    public Response send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(text(body)))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token);
        return execute(request.build());
    }

    private static String text(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response execute(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Set-Cookie").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("Boxsync API " + request.uri() + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoSetupException("interrupted while calling " + request.uri());
        }
    }

    /** One answer of the API. */
    public record Response(int status, String body, String setCookie) {
        /** The body as JSON; fails when it is not JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new DemoSetupException("not JSON (" + status + "): " + body);
            }
        }

        /** The JSON body when the status is one of {@code expected}; else a {@link DemoSetupException} naming both. */
        public JsonNode expect(int... expected) {
            if (Arrays.stream(expected).noneMatch(s -> s == status)) {
                throw new DemoSetupException("expected HTTP " + Arrays.toString(expected) + " but got " + this);
            }
            return body.isBlank() ? JSON.nullNode() : json();
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
        }
    }
}
