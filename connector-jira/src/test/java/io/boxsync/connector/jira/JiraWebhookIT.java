package io.boxsync.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.Secret;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import io.boxsync.simulator.jira.JiraSimulator;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook deliveries of the Jira simulator, received over HTTP and decoded by the connector. */
class JiraWebhookIT {
    private static final String SECRET = "hook-secret";
    private JiraSimulator sim;
    private HttpServer receiver;
    private final List<WebhookRequest> signed = Collections.synchronizedList(new ArrayList<>());
    private final List<WebhookRequest> unsigned = Collections.synchronizedList(new ArrayList<>());
    private JiraConnector connector;
    private RemoteAccount planner;
    private String key;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/signed", ex -> receive(ex, signed));
        receiver.createContext("/unsigned", ex -> receive(ex, unsigned));
        receiver.start();
        sim = JiraSimulator.start(JiraSimulator.Flavour.CLOUD, 0);
        sim.addAccount("planner", "Pat Planner", "planner@example.com", "planner-token");
        sim.addProject("HOOK", "Hooks");
        sim.grant("planner", "HOOK", Permission.values());
        key = sim.createIssue(null, "HOOK", "Task", "first", Map.of());
        planner = new RemoteAccount("planner", "planner@example.com", Secret.of("planner-token"));
        connector = new JiraConnector(new ConnectionSettings(ConnectionKind.JIRA_CLOUD, sim.baseUrl(), planner,
                Secret.of(SECRET), FieldMapping.jiraDefaults("customfield_10015"), Duration.ofSeconds(5), 2));
        URI base = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort());
        sim.registerWebhook(base.resolve("/signed"), SECRET);
        sim.registerWebhook(base.resolve("/unsigned"), null);
    }

    private static void receive(com.sun.net.httpserver.HttpExchange exchange, List<WebhookRequest> into)
            throws java.io.IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        into.add(new WebhookRequest(headers, body, ""));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    @AfterEach
    void stop() {
        connector.close();
        sim.close();
        receiver.stop(0);
    }

    private static List<WebhookRequest> await(List<WebhookRequest> deliveries, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (deliveries.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertThat(deliveries).as("deliveries received").hasSizeGreaterThanOrEqualTo(count);
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    @Test
    void a_write_of_ours_comes_back_signed_with_its_write_id_and_author() throws Exception {
        connector.apply(new RemoteWrite.SetDates("w-77", IssueKey.of(key), LocalDate.of(2027, 2, 1),
                LocalDate.of(2027, 2, 3)), planner);

        WebhookRequest delivery = await(signed, 1).get(0);
        List<RemoteEvent> events = connector.webhooks().verifyAndDecode(delivery);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(RemoteEvent.Type.UPDATED);
            assertThat(e.key()).isEqualTo(IssueKey.of(key));
            assertThat(e.writeId()).isEqualTo("w-77");
            assertThat(e.actorAccountId()).isEqualTo("planner");
            assertThat(e.deliveryId()).isEqualTo(delivery.header("X-Atlassian-Webhook-Identifier").orElseThrow());
        });
    }

    @Test
    void a_delivery_checked_with_another_secret_is_forged_and_an_unsigned_one_is_refused() throws Exception {
        sim.updateIssue(null, key, Map.of("summary", "changed by the system"));
        WebhookRequest delivery = await(signed, 1).get(0);
        WebhookRequest plain = await(unsigned, 1).get(0);
        JiraWebhookDecoder otherSecret = new JiraWebhookDecoder(Secret.of("not-the-secret"), new ObjectMapper());

        assertThatThrownBy(() -> otherSecret.verifyAndDecode(delivery)).isInstanceOfSatisfying(WebhookException.class,
                e -> assertThat(e.reason()).isEqualTo(WebhookException.Reason.FORGED));
        assertThatThrownBy(() -> connector.webhooks().verifyAndDecode(plain)).isInstanceOfSatisfying(WebhookException.class,
                e -> assertThat(e.reason()).isEqualTo(WebhookException.Reason.UNSIGNED));
        assertThat(connector.webhooks().verifyAndDecode(delivery)).singleElement()
                .satisfies(e -> assertThat(e.actorAccountId()).as("a system change names no actor").isNull());
    }

    @Test
    void duplicated_deliveries_share_their_delivery_id() throws Exception {
        sim.faults().duplicateWebhooks(true);

        sim.updateIssue(null, key, Map.of("summary", "once"));
        List<RemoteEvent> events = await(signed, 2).stream()
                .flatMap(d -> connector.webhooks().verifyAndDecode(d).stream()).toList();

        Set<String> ids = events.stream().map(RemoteEvent::deliveryId).collect(Collectors.toSet());
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        assertThat(ids).as("de-duplicated by delivery id").hasSize(1);
    }

    @Test
    void reordered_deliveries_are_put_back_in_order_by_the_tools_time() throws Exception {
        sim.faults().reorderWebhooks(true);

        sim.updateIssue(null, key, Map.of("summary", "first change"));
        Thread.sleep(20);
        sim.updateIssue(null, key, Map.of("summary", "second change"));
        List<WebhookRequest> arrived = await(signed, 2);
        Map<String, String> summaryByDelivery = new HashMap<>();
        List<RemoteEvent> events = new ArrayList<>();
        for (WebhookRequest delivery : arrived) {
            RemoteEvent event = connector.webhooks().verifyAndDecode(delivery).get(0);
            events.add(event);
            summaryByDelivery.put(event.deliveryId(), new ObjectMapper().readTree(delivery.body())
                    .path("issue").path("fields").path("summary").asText());
        }

        assertThat(events.get(0).occurredAt()).as("the simulator reordered them").isAfter(events.get(1).occurredAt());
        events.sort(Comparator.comparing(RemoteEvent::occurredAt));
        assertThat(events).extracting(e -> summaryByDelivery.get(e.deliveryId()))
                .containsExactly("first change", "second change");
    }
}
