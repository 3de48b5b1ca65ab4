package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.boxsync.simulator.HmacSha256;
import io.boxsync.simulator.jira.JiraSimulator.Flavour;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookTest {
    private JiraSimulator sim;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() {
        sim = JiraSimulator.start(Flavour.CLOUD, 0);
        sim.webhookRetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(2));
        sim.addProject("HOOK", "Hooks");
        sim.addAccount("ann", "Ann", "ann@example.com", "ann-token");
        sim.grant("ann", "HOOK", Permission.values());
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    private void awaitDeliveries(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries.size() >= count && sim.pendingWebhookDeliveries() == 0);
    }

    @Test
    void signsTheRawBodyWithHmacSha256WhenASecretIsSet() {
        sim.registerWebhook(receiver.url(), "s3cret");
        sim.createIssue("ann", "HOOK", "Task", "Signed", Map.of());
        awaitDeliveries(1);
        WebhookReceiver.Delivery delivery = receiver.deliveries.get(0);
        assertThat(delivery.header("X-Hub-Signature")).isEqualTo("sha256=" + HmacSha256.hex("s3cret", delivery.body()));
        assertThat(delivery.header("X-Atlassian-Webhook-Identifier")).isNotBlank();
        assertThat(delivery.header("X-Atlassian-Webhook-Retry")).isNull();
    }

    @Test
    void theHmacHelperMatchesTheKnownTestVector() {
        assertThat(HmacSha256.hex("secret", "{\"hello\":\"world\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("2677ad3e7c090b2fa2c0fb13020d66d5420879b8316eb356a2d60fb9073bc778");
    }

    @Test
    void sendsNoSignatureWithoutASecret() {
        sim.registerWebhook(receiver.url(), null);
        sim.createIssue(null, "HOOK", "Task", "Unsigned", Map.of());
        awaitDeliveries(1);
        assertThat(receiver.deliveries.get(0).header("X-Hub-Signature")).isNull();
    }

    @Test
    void payloadsLookLikeJirasForCreateUpdateAndDelete() {
        sim.registerWebhook(receiver.url(), null);
        String key = sim.createIssue("ann", "HOOK", "Story", "Hooked", Map.of());
        sim.updateIssue("ann", key, Map.of("duedate", "2026-12-24", "customfield_10015", "2026-12-20"));
        sim.deleteIssue(null, key);
        awaitDeliveries(3);
        List<WebhookReceiver.Delivery> d = receiver.deliveries;
        var created = d.get(0).json();
        assertThat(created.get("webhookEvent").asText()).isEqualTo("jira:issue_created");
        assertThat(created.get("issue_event_type_name").asText()).isEqualTo("issue_created");
        assertThat(created.get("timestamp").isNumber()).isTrue();
        assertThat(created.at("/user/accountId").asText()).isEqualTo("ann");
        assertThat(created.at("/issue/key").asText()).isEqualTo(key);
        assertThat(created.at("/issue/fields/summary").asText()).isEqualTo("Hooked");
        var updated = d.get(1).json();
        assertThat(updated.get("webhookEvent").asText()).isEqualTo("jira:issue_updated");
        assertThat(updated.at("/changelog/items")).hasSize(2);
        assertThat(updated.at("/changelog/items/0/field").asText()).isEqualTo("duedate");
        assertThat(updated.at("/changelog/items/0/to").asText()).isEqualTo("2026-12-24");
        assertThat(updated.at("/changelog/items/1/fieldId").asText()).isEqualTo("customfield_10015");
        assertThat(updated.at("/changelog/items/1/field").asText()).isEqualTo("Start date");
        assertThat(updated.at("/issue/fields/duedate").asText()).isEqualTo("2026-12-24");
        var deleted = d.get(2).json();
        assertThat(deleted.get("webhookEvent").asText()).isEqualTo("jira:issue_deleted");
        assertThat(deleted.has("user")).as("system change has no user").isFalse();
        assertThat(deleted.has("changelog")).isFalse();
        assertThat(deleted.has("issue_event_type_name")).isFalse();
    }

    @Test
    void restEditsEchoHistoryMetadataInTheWebhookAndTheChangelog() {
        sim.registerWebhook(receiver.url(), null);
        String key = sim.createIssue(null, "HOOK", "Task", "Meta", Map.of());
        Map<String, Object> metadata = Map.of("type", "boxsync", "generator", Map.of("id", "boxsync"), "cause", Map.of("id", "corr-42"));
        JiraHttp.Response edit = JiraHttp.as(sim, "ann@example.com", "ann-token").put("/rest/api/3/issue/" + key,
                Map.of("fields", Map.of("duedate", "2026-12-02"), "historyMetadata", metadata));
        assertThat(edit.status()).isEqualTo(204);
        awaitDeliveries(2);
        var updated = receiver.deliveries.get(1).json();
        assertThat(updated.at("/changelog/historyMetadata/cause/id").asText()).isEqualTo("corr-42");
        assertThat(updated.at("/user/accountId").asText()).isEqualTo("ann");
        var history = JiraHttp.admin(sim).get("/rest/api/3/issue/" + key + "?expand=changelog").json().at("/changelog/histories/0");
        assertThat(history.at("/historyMetadata/generator/id").asText()).isEqualTo("boxsync");
        assertThat(history.at("/author/accountId").asText()).isEqualTo("ann");
    }

    @Test
    void retriesFailedDeliveriesWithTheSameIdentifierAndARetryCount() {
        sim.registerWebhook(receiver.url(), "k");
        receiver.failNext(2, 503);
        sim.createIssue(null, "HOOK", "Task", "Retry me", Map.of());
        awaitDeliveries(1);
        assertThat(receiver.attempts.get()).isEqualTo(3);
        assertThat(receiver.deliveries.get(0).header("X-Atlassian-Webhook-Retry")).isEqualTo("2");
    }

    @Test
    void retriesWhenTheReceiverIsDownUntilItComesBack() throws Exception {
        WebhookReceiver later = new WebhookReceiver();
        java.net.URI url = later.url();
        later.close();
        sim.registerWebhook(url, null);
        sim.createIssue(null, "HOOK", "Task", "Down", Map.of());
        Thread.sleep(150);
        assertThat(sim.pendingWebhookDeliveries()).isEqualTo(1);
    }

    @Test
    void duplicateFaultDeliversTwiceWithOneIdentifier() {
        sim.registerWebhook(receiver.url(), null);
        sim.faults().duplicateWebhooks(true);
        sim.createIssue(null, "HOOK", "Task", "Twice", Map.of());
        awaitDeliveries(2);
        assertThat(receiver.deliveries).hasSize(2);
        assertThat(receiver.deliveries.get(0).header("X-Atlassian-Webhook-Identifier"))
                .isEqualTo(receiver.deliveries.get(1).header("X-Atlassian-Webhook-Identifier"));
    }

    @Test
    void reorderFaultDeliversCloseEventsNewestFirst() {
        sim.registerWebhook(receiver.url(), null);
        sim.faults().reorderWebhooks(true);
        String key = sim.createIssue(null, "HOOK", "Task", "First", Map.of());
        sim.updateIssue(null, key, Map.of("summary", "Second"));
        awaitDeliveries(2);
        assertThat(receiver.deliveries.get(0).json().get("webhookEvent").asText()).isEqualTo("jira:issue_updated");
        assertThat(receiver.deliveries.get(1).json().get("webhookEvent").asText()).isEqualTo("jira:issue_created");
    }

    @Test
    void restRegisteredWebhooksHonourTheirJqlFilterAndEvents() {
        sim.addProject("OTHER", "Other");
        JiraHttp.Response registered = JiraHttp.admin(sim).post("/rest/webhooks/1.0/webhook", Map.of("name", "boxsync",
                "url", receiver.url().toString(), "events", List.of("jira:issue_updated"),
                "filters", Map.of("issue-related-events-section", "project = HOOK")));
        assertThat(registered.status()).isEqualTo(201);
        String mine = sim.createIssue(null, "HOOK", "Task", "Mine", Map.of());
        String other = sim.createIssue(null, "OTHER", "Task", "Other", Map.of());
        sim.updateIssue(null, other, Map.of("summary", "Other changed"));
        sim.updateIssue(null, mine, Map.of("summary", "Mine changed"));
        awaitDeliveries(1);
        assertThat(receiver.deliveries).hasSize(1);
        assertThat(receiver.deliveries.get(0).json().at("/issue/key").asText()).isEqualTo(mine);
        assertThat(JiraHttp.as(sim, "ann@example.com", "ann-token").post("/rest/webhooks/1.0/webhook",
                Map.of("url", receiver.url().toString())).status()).isEqualTo(403);
        assertThat(JiraHttp.admin(sim).post("/rest/webhooks/1.0/webhook", Map.of("url", receiver.url().toString(),
                "filters", Map.of("issue-related-events-section", "summary ~ x"))).status()).isEqualTo(400);
    }

    @Test
    void dataCenterWebhookUsersCarryNameAndKey() {
        try (JiraSimulator dc = JiraSimulator.start(Flavour.DATA_CENTER, 0)) {
            dc.addProject("DC", "Data Center");
            dc.registerWebhook(receiver.url(), null);
            dc.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "DC", "Task", "On DC", Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries.size() == 1);
            assertThat(receiver.deliveries.get(0).json().at("/user/name").asText()).isEqualTo("admin");
            assertThat(receiver.deliveries.get(0).json().at("/user/key").asText()).isEqualTo("admin");
        }
    }
}
