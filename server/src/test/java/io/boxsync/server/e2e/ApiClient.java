package io.boxsync.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client of the Boxsync API for end-to-end tests, signed in with an API token or as anonymous. */
public final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    public ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Signs in with a password, creates an API token and returns a client using it. */
    public static ApiClient signIn(URI base, String login, String password) {
        Response session = new ApiClient(base, null).send("POST", "/api/session",
                "{\"login\":\"" + login + "\",\"password\":\"" + password + "\"}", null);
        if (session.status() != 200) {
            throw new IllegalStateException("sign-in of " + login + " failed: " + session);
        }
        String cookie = session.cookie();
        String csrf = session.json().get("csrfToken").asText();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"e2e\"}")).build();
        Response created = execute(request);
        if (created.status() != 201) {
            throw new IllegalStateException("token of " + login + " not created: " + created);
        }
        return new ApiClient(base, created.json().get("token").asText());
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, null);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response send(String method, String path, Object body, String contentType) {
        String text;
        try {
            text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text))
                .header("Content-Type", contentType == null ? "application/json" : contentType);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return execute(b.build());
    }

    private static Response execute(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Set-Cookie").orElse(""),
                    r.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String body, String setCookie, String contentType) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        public String cookie() {
            return setCookie.split(";", 2)[0];
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
