package io.boxsync.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

    record Greeting(String name, int times) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static HttpApi api;

    @BeforeAll
    static void start() {
        HttpApi.RouteModule testRoutes = (routes, problems) -> {
            routes.post("/test/greet", ctx -> {
                Greeting greeting = ctx.bodyAsClass(Greeting.class);
                ctx.json(Map.of("hello", greeting.name(), "times", greeting.times()));
            });
            routes.get("/test/boom", ctx -> {
                throw new IllegalStateException("secret internals at /opt/db password=hunter2");
            });
            routes.get("/test/pool-exhausted", ctx -> {
                throw new IllegalStateException("transaction failed",
                        new java.sql.SQLTransientConnectionException("pool - Connection is not available"));
            });
            routes.get("/test/forbidden", ctx -> {
                throw ApiException.forbidden("Only admins may do this.");
            });
        };
        api = HttpApi.start("127.0.0.1", 0, 4096, new UnreachableDatabase(), List.of(testRoutes));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
    }

    private static JsonNode problemOf(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.has("type")).isTrue();
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
        return body;
    }

    @Test
    void aWellFormedRequestIsServed() throws Exception {
        HttpResponse<String> response = send(at("/test/greet")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\",\"times\":2}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("hello").asText()).isEqualTo("Ada");
    }

    @Test
    void anExhaustedConnectionPoolIsABusyProblemToRetryNotAnInternalError() throws Exception {
        HttpResponse<String> response = send(at("/test/pool-exhausted").GET());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(problemOf(response).get("detail").asText()).contains("busy");
    }

    @Test
    void anUnknownRouteIsANotFoundProblem() throws Exception {
        HttpResponse<String> response = send(at("/no/such/thing").GET());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(problemOf(response).get("detail").asText()).contains("/no/such/thing");
    }

    @Test
    void malformedJsonIsABadRequestProblem() throws Exception {
        HttpResponse<String> response = send(at("/test/greet").POST(HttpRequest.BodyPublishers.ofString("{\"name\":")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problemOf(response).get("detail").asText()).contains("not valid JSON");
    }

    @Test
    void aWrongTypeNamesTheField() throws Exception {
        HttpResponse<String> response = send(at("/test/greet")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\",\"times\":\"many\"}")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problemOf(response).get("errors").get(0).get("field").asText()).isEqualTo("times");
    }

    @Test
    void anUnknownPropertyIsRefused() throws Exception {
        HttpResponse<String> response = send(at("/test/greet")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\",\"times\":1,\"admin\":true}")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problemOf(response).get("errors").get(0).get("field").asText()).isEqualTo("admin");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        String huge = "{\"name\":\"" + "x".repeat(10_000) + "\",\"times\":1}";
        HttpResponse<String> response = send(at("/test/greet").POST(HttpRequest.BodyPublishers.ofString(huge)));

        assertThat(response.statusCode()).isEqualTo(413);
        problemOf(response);
    }

    @Test
    void anUnexpectedErrorIsA500ProblemWithAReferenceAndNoInternals() throws Exception {
        HttpResponse<String> response = send(at("/test/boom").GET());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(problemOf(response).get("detail").asText()).contains("reference");
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalState");
    }

    @Test
    void anApiExceptionKeepsItsStatusAndDetail() throws Exception {
        HttpResponse<String> response = send(at("/test/forbidden").GET());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(problemOf(response).get("detail").asText()).isEqualTo("Only admins may do this.");
    }

    @Test
    void healthIsDownWith503WhenTheDatabaseIsUnreachable() throws Exception {
        HttpResponse<String> response = send(at("/health").GET());

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("database").get("reachable").asBoolean()).isFalse();
    }

    @Test
    void metricsAreServedInThePrometheusFormatWithJvmAndHttpMeters() throws Exception {
        send(at("/health").GET());
        HttpResponse<String> response = send(at("/metrics").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds_count")
                .contains("route=\"/health\"");
    }

    private static final class UnreachableDatabase implements DatabaseStatus {
        @Override
        public boolean isReachable() {
            return false;
        }

        @Override
        public String serverVersion() {
            throw new IllegalStateException("unreachable");
        }
    }
}
