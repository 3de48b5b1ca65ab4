package io.boxsync.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.Secret;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JiraWebhookDecoderTest {
    private static final Secret SECRET = Secret.of("webhook-secret");
    private final JiraWebhookDecoder decoder = new JiraWebhookDecoder(SECRET, new ObjectMapper());
    private final byte[] realDelivery = Fixtures.bytes("mattermost-webhook-cloud-issue-updated-sprint.json");

    private static WebhookRequest signed(byte[] body, String identifier) {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Hub-Signature", JiraWebhookDecoder.signature(SECRET, body));
        if (identifier != null) {
            headers.put("X-Atlassian-Webhook-Identifier", identifier);
        }
        return new WebhookRequest(headers, body, "https://boxsync.example/webhooks/jira");
    }

    @Test
    void the_signature_matches_the_hmac_sha256_test_vector() {
        assertThat(JiraWebhookDecoder.signature(Secret.of("secret"), "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=2677ad3e7c090b2fa2c0fb13020d66d5420879b8316eb356a2d60fb9073bc778");
    }

    @Test
    void a_validly_signed_real_cloud_delivery_decodes_to_one_update_event() {
        List<RemoteEvent> events = decoder.verifyAndDecode(signed(realDelivery, "d-1"));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.deliveryId()).isEqualTo("d-1");
            assertThat(e.type()).isEqualTo(RemoteEvent.Type.UPDATED);
            assertThat(e.key()).isEqualTo(IssueKey.of("TES-41"));
            assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochMilli(1550351530065L));
            assertThat(e.actorAccountId()).isEqualTo("5c5f880629be9642ba529340");
            assertThat(e.actorName()).isEqualTo("Test User");
            assertThat(e.writeId()).isNull();
        });
    }

    @Test
    void a_delivery_without_signature_is_rejected_as_unsigned() {
        WebhookRequest unsigned = new WebhookRequest(Map.of("X-Atlassian-Webhook-Identifier", "d-1"), realDelivery, "");

        assertThatThrownBy(() -> decoder.verifyAndDecode(unsigned)).isInstanceOfSatisfying(WebhookException.class,
                e -> assertThat(e.reason()).isEqualTo(WebhookException.Reason.UNSIGNED));
    }

    @Test
    void a_delivery_signed_with_another_secret_or_with_a_changed_body_is_rejected_as_forged() {
        byte[] otherSecret = realDelivery;
        Map<String, String> wrongKey = Map.of("X-Hub-Signature", JiraWebhookDecoder.signature(Secret.of("guess"), otherSecret));
        byte[] tampered = new String(realDelivery, StandardCharsets.UTF_8).replace("TES-41", "TES-42")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> originalSignature = Map.of("X-Hub-Signature", JiraWebhookDecoder.signature(SECRET, realDelivery));

        for (WebhookRequest forged : List.of(new WebhookRequest(wrongKey, otherSecret, ""),
                new WebhookRequest(originalSignature, tampered, ""),
                new WebhookRequest(Map.of("X-Hub-Signature", "sha256=zz"), realDelivery, ""),
                new WebhookRequest(Map.of("X-Hub-Signature", "sha1=abcd"), realDelivery, ""))) {
            assertThatThrownBy(() -> decoder.verifyAndDecode(forged)).isInstanceOfSatisfying(WebhookException.class,
                    e -> assertThat(e.reason()).isEqualTo(WebhookException.Reason.FORGED));
        }
    }

    @Test
    void a_duplicated_delivery_keeps_its_delivery_id_so_it_can_be_dropped() {
        RemoteEvent first = decoder.verifyAndDecode(signed(realDelivery, "same-id")).get(0);
        RemoteEvent retry = decoder.verifyAndDecode(signed(realDelivery, "same-id")).get(0);

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void without_an_identifier_header_identical_bodies_get_the_same_delivery_id() {
        String a = decoder.verifyAndDecode(signed(realDelivery, null)).get(0).deliveryId();
        String b = decoder.verifyAndDecode(signed(realDelivery, null)).get(0).deliveryId();

        assertThat(a).startsWith("sha256:").isEqualTo(b);
    }

    @Test
    void reordered_deliveries_carry_the_tools_time_so_the_caller_can_restore_the_order() {
        byte[] earlier = delivery("jira:issue_updated", "A-1", 1_000L, "{\"accountId\":\"u1\"}");
        byte[] later = delivery("jira:issue_updated", "A-1", 2_000L, "{\"accountId\":\"u2\"}");

        List<RemoteEvent> arrived = new ArrayList<>();
        arrived.addAll(decoder.verifyAndDecode(signed(later, "d-2")));
        arrived.addAll(decoder.verifyAndDecode(signed(earlier, "d-1")));
        arrived.sort(Comparator.comparing(RemoteEvent::occurredAt));

        assertThat(arrived).extracting(RemoteEvent::deliveryId).containsExactly("d-1", "d-2");
    }

    @Test
    void our_write_id_is_recovered_from_the_changelog_history_metadata() {
        byte[] body = ("{\"timestamp\":1000,\"webhookEvent\":\"jira:issue_updated\",\"user\":{\"key\":\"jdoe\",\"name\":\"jdoe\","
                + "\"displayName\":\"J Doe\"},\"issue\":{\"key\":\"A-1\",\"fields\":{}},\"changelog\":{\"id\":\"5\",\"items\":[],"
                + "\"historyMetadata\":{\"type\":\"boxsync\",\"activityDescription\":\"boxsync write w-42\"}}}")
                .getBytes(StandardCharsets.UTF_8);

        RemoteEvent event = decoder.verifyAndDecode(signed(body, "d")).get(0);

        assertThat(event.writeId()).isEqualTo("w-42");
        assertThat(event.actorAccountId()).as("Data Center names users by key").isEqualTo("jdoe");
    }

    @Test
    void created_deleted_and_comment_events_map_and_other_events_carry_nothing() {
        assertThat(decoder.verifyAndDecode(signed(delivery("jira:issue_created", "A-1", 1L, null), "1")))
                .extracting(RemoteEvent::type, RemoteEvent::actorAccountId).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RemoteEvent.Type.CREATED, null));
        assertThat(decoder.verifyAndDecode(signed(delivery("jira:issue_deleted", "A-1", 1L, null), "2")))
                .extracting(RemoteEvent::type).containsExactly(RemoteEvent.Type.DELETED);
        assertThat(decoder.verifyAndDecode(signed(delivery("comment_created", "A-1", 1L, null), "3")))
                .extracting(RemoteEvent::type).containsExactly(RemoteEvent.Type.UPDATED);
        assertThat(decoder.verifyAndDecode(signed(delivery("project_created", "A-1", 1L, null), "4"))).isEmpty();
    }

    @Test
    void a_signed_body_that_is_not_json_is_malformed() {
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decoder.verifyAndDecode(signed(body, "x"))).isInstanceOfSatisfying(WebhookException.class,
                e -> assertThat(e.reason()).isEqualTo(WebhookException.Reason.MALFORMED));
    }

    @Test
    void without_a_secret_unsigned_deliveries_are_accepted() {
        JiraWebhookDecoder open = new JiraWebhookDecoder(null, new ObjectMapper());

        assertThat(open.verifyAndDecode(new WebhookRequest(Map.of(), realDelivery, ""))).hasSize(1);
    }

    private static byte[] delivery(String event, String key, long timestamp, String user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", timestamp);
        body.put("webhookEvent", event);
        StringBuilder json = new StringBuilder("{\"timestamp\":" + timestamp + ",\"webhookEvent\":\"" + event + "\"");
        if (user != null) {
            json.append(",\"user\":").append(user);
        }
        json.append(",\"issue\":{\"key\":\"").append(key).append("\",\"fields\":{}}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
