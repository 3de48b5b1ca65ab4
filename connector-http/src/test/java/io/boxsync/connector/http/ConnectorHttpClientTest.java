package io.boxsync.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import io.boxsync.connector.Secret;
import io.boxsync.connector.http.ScriptedServer.Answer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectorHttpClientTest {
    private ScriptedServer server;
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private final List<RemoteCallListener.RemoteCall> calls = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ConnectorHttpClient client(int maxRetries, Duration timeout) {
        return ConnectorHttpClient.builder()
                .connection("test")
                .timeout(timeout)
                .retryPolicy(RetryPolicy.standard(maxRetries))
                .sleeper(waits::add)
                .random(() -> 0.5)
                .listener(calls::add)
                .build();
    }

    private ConnectorHttpClient client() {
        return client(3, Duration.ofSeconds(5));
    }

    @Test
    void a_429_is_retried_after_the_seconds_the_tool_asked_for() {
        server.then(Answer.status(429, Map.of("Retry-After", "7")), Answer.json(200, "{\"ok\":true}"));

        JsonNode answer = client().sendForJson(RemoteRequest.get(server.uri("/x")));

        assertThat(answer.path("ok").asBoolean()).isTrue();
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void a_429_on_a_write_is_retried_because_the_tool_refused_it_before_processing() {
        server.then(Answer.status(429, Map.of("Retry-After", "1")), Answer.json(201, "{\"id\":\"1\"}"));

        RemoteResponse response = client().send(RemoteRequest.post(server.uri("/link"), Map.of("a", 1)));

        assertThat(response.status()).isEqualTo(201);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void a_503_then_200_succeeds_after_an_exponential_backoff_with_jitter() {
        server.then(Answer.status(503, Map.of()), Answer.status(503, Map.of()), Answer.json(200, "[]"));

        client().send(RemoteRequest.get(server.uri("/x")));

        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(125), Duration.ofMillis(250));
    }

    @Test
    void a_503_on_a_non_idempotent_write_is_not_retried_since_it_may_have_been_applied() {
        server.then(Answer.status(503, Map.of()));

        assertThatThrownBy(() -> client().send(RemoteRequest.post(server.uri("/link"), Map.of())))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.status()).isEqualTo(503);
                });
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void retries_stop_after_the_policy_maximum_with_a_transient_failure() {
        server.then(Answer.status(502, Map.of()), Answer.status(502, Map.of()), Answer.status(502, Map.of()));

        assertThatThrownBy(() -> client(2, Duration.ofSeconds(5)).send(RemoteRequest.get(server.uri("/x"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void a_retry_after_longer_than_the_cap_ends_the_call_at_once_carrying_the_wait() {
        server.then(Answer.status(429, Map.of("Retry-After", "3600")));

        assertThatThrownBy(() -> client().send(RemoteRequest.get(server.uri("/x"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
                });
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void a_connection_reset_on_a_read_is_retried() {
        server.then(Answer.dropConnection(), Answer.json(200, "{\"ok\":1}"));

        JsonNode answer = client().sendForJson(RemoteRequest.get(server.uri("/x")));

        assertThat(answer.path("ok").asInt()).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void a_connection_reset_on_a_non_idempotent_write_is_not_retried() {
        server.then(Answer.dropConnection());

        assertThatThrownBy(() -> client().send(RemoteRequest.post(server.uri("/x"), Map.of())))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.status()).isZero();
                });
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void a_slow_answer_times_out_as_transient_after_the_retries() {
        server.then(Answer.slow(Duration.ofMillis(1500)), Answer.slow(Duration.ofMillis(1500)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client(1, Duration.ofMillis(200)).send(RemoteRequest.get(server.uri("/slow"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("timed out");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("two attempts cut short, not two full 1.5 s answers").isLessThan(Duration.ofMillis(2800));
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void a_refused_connection_is_retried_even_for_a_write_because_nothing_arrived() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/x");

        assertThatThrownBy(() -> client(2, Duration.ofSeconds(2)).send(RemoteRequest.post(nowhere, Map.of())))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
        assertThat(calls).hasSize(3).allSatisfy(c -> assertThat(c.status()).isZero());
    }

    @Test
    void garbage_instead_of_json_is_an_invalid_response() {
        server.then(Answer.json(200, "<html>maintenance</html>"));

        assertThatThrownBy(() -> client().sendForJson(RemoteRequest.get(server.uri("/x"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
                    assertThat(e.isRetryable()).isTrue();
                });
    }

    @Test
    void client_errors_are_classified_for_what_the_caller_must_do_and_never_retried() {
        server.then(Answer.status(401, Map.of()),
                Answer.json(403, "{\"errorMessages\":[\"You do not have permission to edit issues\"],\"errors\":{}}"),
                Answer.status(403, Map.of("X-Authentication-Denied-Reason", "CAPTCHA_CHALLENGE")),
                Answer.json(404, "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"]}"),
                Answer.json(400, "{\"errorMessages\":[],\"errors\":{\"duedate\":\"Field 'duedate' cannot be set.\"}}"),
                Answer.status(409, Map.of()),
                Answer.status(410, Map.of()));
        ConnectorHttpClient client = client();

        List<Kind> kinds = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            try {
                client.send(RemoteRequest.get(server.uri("/x")));
            } catch (ConnectorException e) {
                kinds.add(e.kind());
                messages.add(e.getMessage());
            }
        }

        assertThat(kinds).containsExactly(Kind.AUTH, Kind.PERMISSION, Kind.AUTH, Kind.NOT_FOUND, Kind.CONFIGURATION,
                Kind.CONFLICT, Kind.CONFIGURATION);
        assertThat(messages.get(1)).contains("You do not have permission to edit issues");
        assertThat(messages.get(4)).contains("duedate: Field 'duedate' cannot be set.");
        assertThat(server.requestCount()).isEqualTo(7);
    }

    @Test
    void a_redirect_is_not_followed_so_credentials_stay_with_the_configured_host() {
        server.then(Answer.status(302, Map.of("Location", "http://elsewhere.invalid/steal")));

        assertThatThrownBy(() -> client().send(RemoteRequest.get(server.uri("/x"))
                .withAuthentication(Authentication.bearer(Secret.of("tok")))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
                    assertThat(e.status()).isEqualTo(302);
                });
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void messages_name_the_path_but_never_the_query_which_may_hold_credentials() {
        server.then(Answer.status(400, Map.of()));

        assertThatThrownBy(() -> client().send(RemoteRequest.get(server.uri("/1/cards?key=abc&token=SECRET"))))
                .hasMessageContaining("GET /1/cards")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void the_listener_hears_every_attempt_with_status_outcome_and_operation() {
        server.then(Answer.status(503, Map.of()), Answer.json(200, "{}"));

        client().send(RemoteRequest.get(server.uri("/x")).withOperation("issue.get"));

        assertThat(calls).extracting(RemoteCallListener.RemoteCall::status, RemoteCallListener.RemoteCall::outcome,
                        RemoteCallListener.RemoteCall::attempt, RemoteCallListener.RemoteCall::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(503, "transient", 1, "issue.get"),
                        org.assertj.core.groups.Tuple.tuple(200, "success", 2, "issue.get"));
    }

    @Test
    void the_authentication_and_the_json_body_go_onto_the_wire() {
        client().send(RemoteRequest.put(server.uri("/issue/A-1"), Map.of("fields", Map.of("duedate", "2026-12-01")))
                .withAuthentication(Authentication.basic("ann@example.com", Secret.of("tok"))));

        ScriptedServer.Received received = server.received().get(0);
        assertThat(received.method()).isEqualTo("PUT");
        assertThat(received.headers().get("Authorization")).containsExactly("Basic YW5uQGV4YW1wbGUuY29tOnRvaw==");
        assertThat(received.headers().get("Content-type")).containsExactly("application/json");
        assertThat(received.body()).isEqualTo("{\"fields\":{\"duedate\":\"2026-12-01\"}}");
    }
}
