package io.boxsync.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client of the Boxsync API for setting up browser tests, signed in with an API token. */
final class UiApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    private UiApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    record Response(int status, JsonNode json, String body) {
    }

    /** Signs in with a password, creates an API token and returns a client using it. */
    static UiApi signIn(URI base, String login, String password) {
        HttpResponse<String> session = execute(HttpRequest.newBuilder(base.resolve("/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"" + login + "\",\"password\":\"" + password + "\"}"))
                .build());
        if (session.statusCode() != 200) {
            throw new IllegalStateException("sign-in of " + login + " failed: " + session.body());
        }
        String cookie = session.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("boxsync_session="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst().orElseThrow();
        String csrf = parse(session.body()).get("csrfToken").asText();
        HttpResponse<String> created = execute(HttpRequest.newBuilder(base.resolve("/api/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ui-test\"}")).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("token of " + login + " not created: " + created.body());
        }
        return new UiApi(base, parse(created.body()).get("token").asText());
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, Object body) {
        return send("POST", path, body);
    }

    Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    private Response send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpResponse<String> response = execute(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, publisher).build());
            return new Response(response.statusCode(), response.body().isBlank() ? null : parse(response.body()),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> execute(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
