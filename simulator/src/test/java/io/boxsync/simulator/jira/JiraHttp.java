package io.boxsync.simulator.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A tiny HTTP client for tests: authenticates as one account the way the simulator's flavour expects. */
final class JiraHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, JsonNode json, String body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final JiraSimulator sim;
    private final String authorization;

    private JiraHttp(JiraSimulator sim, String authorization) {
        this.sim = sim;
        this.authorization = authorization;
    }

    static JiraHttp as(JiraSimulator sim, String email, String token) {
        String auth = sim.flavour() == JiraSimulator.Flavour.CLOUD
                ? "Basic " + Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8))
                : "Bearer " + token;
        return new JiraHttp(sim, auth);
    }

    static JiraHttp admin(JiraSimulator sim) {
        return as(sim, JiraSimulator.ADMIN_EMAIL, JiraSimulator.ADMIN_TOKEN);
    }

    static JiraHttp seededAccount(JiraSimulator sim, String accountId) {
        return as(sim, accountId + "@example.com", accountId + "-token");
    }

    static JiraHttp withAuthorization(JiraSimulator sim, String authorizationHeader) {
        return new JiraHttp(sim, authorizationHeader);
    }

    static JiraHttp anonymous(JiraSimulator sim) {
        return new JiraHttp(sim, null);
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path, Object body) {
        return send(request(path).POST(bodyOf(body)).header("Content-Type", "application/json"));
    }

    Response put(String path, Object body) {
        return send(request(path).PUT(bodyOf(body)).header("Content-Type", "application/json"));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher bodyOf(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!response.body().isEmpty() && (response.body().startsWith("{") || response.body().startsWith("["))) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), json, response.body(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
