package io.boxsync.connector.trello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.Secret;
import io.boxsync.connector.StatusCategory;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connector on real Trello output (see {@code fixtures/SOURCES.md}). */
class TrelloFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "test-app-secret";
    private static final String CALLBACK = "https://boxsync.example.com/webhooks/trello/conn-1?x=1";
    private final TrelloWebhookDecoder decoder = new TrelloWebhookDecoder(Secret.of(SECRET));

    @Test
    void aRealCardWithLabelsAndNoStartDateBecomesAnIssue() throws IOException {
        JsonNode card = JSON.readTree(fixture("rest-card-by-id.json"));
        RemoteIssue issue = TrelloCards.toIssue(card, Map.of("548dd948ffd374221926b4c8", "Backlog"));

        assertThat(issue.key()).isEqualTo(IssueKey.of("548dd95c8ca25ac9d0d9ce71"));
        assertThat(issue.projectKey()).isEqualTo("548a675581d1d669c9e8184e");
        assertThat(issue.summary()).isEqualTo("Card 1");
        assertThat(issue.labels()).containsExactly("Test Label 1", "Blue Label");
        assertThat(issue.start()).isNull();
        assertThat(issue.end()).isNull();
        assertThat(issue.status()).isEqualTo("Backlog");
        assertThat(issue.statusCategory()).isEqualTo(StatusCategory.TO_DO);
        assertThat(issue.iterations()).containsExactly(
                new IterationRef(IterationRef.Kind.LIST, "548dd948ffd374221926b4c8", "Backlog"));
        assertThat(issue.updated()).isEqualTo(Instant.parse("2015-10-24T16:39:55.756Z"));
    }

    @Test
    void realBoardCardPagesComeNewestFirstSoBeforeTheLastIdReachesOlderCards() throws IOException {
        JsonNode first = JSON.readTree(fixture("rest-board-cards-page1-limit1.json"));
        JsonNode second = JSON.readTree(fixture("rest-board-cards-page2-before.json"));

        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).get("id").asText()).isLessThan(first.get(0).get("id").asText());
        RemoteIssue issue = TrelloCards.toIssue(first.get(0), Map.of());
        assertThat(issue.summary()).isEqualTo("Card 6");
        assertThat(issue.assigneeId()).isNull();
        assertThat(issue.labels()).isEmpty();
    }

    @Test
    void aRealDueDateChangeDecodesIntoAnUpdateByItsMember() throws IOException {
        List<RemoteEvent> events = decoder.verifyAndDecode(signed("webhook-zulip-changing-due-date-on-card.json"));

        assertThat(events).containsExactly(new RemoteEvent("572b71d86efad95cda50c1ff", RemoteEvent.Type.UPDATED,
                IssueKey.of("53582e2da0fac5676a71428b"), Instant.parse("2016-05-05T16:16:24.684Z"),
                "53582e2da0fac5676a714276", "TomaszKolek", null));
    }

    @Test
    void aRealListMoveDecodesIntoAnUpdateOfThatCard() throws IOException {
        assertThat(decoder.verifyAndDecode(signed("webhook-zulip-changing-cards-list.json")))
                .extracting(RemoteEvent::key, RemoteEvent::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(IssueKey.of("53582e2da0fac5676a71427f"),
                        RemoteEvent.Type.UPDATED));
    }

    @Test
    void aRealDeliveryOfTodaysShapeDecodes() throws IOException {
        RemoteEvent event = decoder.verifyAndDecode(signed("webhook-2024-move-card-between-lists.json")).get(0);

        assertThat(event.deliveryId()).isEqualTo("65a7d90edf6648c60e5add42");
        assertThat(event.key()).isEqualTo(IssueKey.of("65a7ca83c7532e93d9e8d1ec"));
        assertThat(event.actorAccountId()).isEqualTo("64ad507fe4d2e4b47b14e724");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2024-01-17T13:41:34.244Z"));
    }

    @Test
    void anActionAboutNoCardGivesNoEvent() throws IOException {
        assertThat(decoder.verifyAndDecode(signed("webhook-zulip-adding-new-list-to-board.json"))).isEmpty();
    }

    @Test
    void aDeliveryWithoutSignatureIsRejectedAsUnsigned() throws IOException {
        WebhookRequest unsigned = new WebhookRequest(Map.of(), fixture("webhook-zulip-changing-cards-list.json"),
                CALLBACK);
        assertThatThrownBy(() -> decoder.verifyAndDecode(unsigned)).isInstanceOf(WebhookException.class)
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.UNSIGNED);
    }

    @Test
    void aDeliveryWhoseBodyWasChangedIsRejectedAsForged() throws IOException {
        byte[] body = fixture("webhook-zulip-changing-cards-list.json");
        String signature = TrelloWebhookDecoder.sign(SECRET, body, CALLBACK);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("Intermediate", "Advanced")
                .getBytes(StandardCharsets.UTF_8);
        WebhookRequest forged = new WebhookRequest(Map.of("x-trello-webhook", signature), tampered, CALLBACK);
        assertThatThrownBy(() -> decoder.verifyAndDecode(forged)).isInstanceOf(WebhookException.class)
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.FORGED);
    }

    @Test
    void aSignatureOverAnotherCallbackUrlIsRejectedAsForged() throws IOException {
        byte[] body = fixture("webhook-zulip-changing-cards-list.json");
        String signature = TrelloWebhookDecoder.sign(SECRET, body, "https://proxy.internal/webhooks/trello");
        WebhookRequest forged = new WebhookRequest(Map.of("X-Trello-Webhook", signature), body, CALLBACK);
        assertThatThrownBy(() -> decoder.verifyAndDecode(forged)).isInstanceOf(WebhookException.class)
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.FORGED);
    }

    @Test
    void aSignedBodyThatIsNotJsonIsRejectedAsMalformed() {
        byte[] body = "<html>".getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = new WebhookRequest(
                Map.of("X-Trello-Webhook", TrelloWebhookDecoder.sign(SECRET, body, CALLBACK)), body, CALLBACK);
        assertThatThrownBy(() -> decoder.verifyAndDecode(request)).isInstanceOf(WebhookException.class)
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.MALFORMED);
    }

    @Test
    void theSignatureMatchesTheKnownTestVector() {
        assertThat(TrelloWebhookDecoder.sign("secret", "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8),
                "https://example.com/webhooks")).isEqualTo("FwPAcuGe9EP/+SbXFWjnEVTa0zw=");
    }

    private static WebhookRequest signed(String name) throws IOException {
        byte[] body = fixture(name);
        return new WebhookRequest(Map.of("X-Trello-Webhook", TrelloWebhookDecoder.sign(SECRET, body, CALLBACK),
                "Content-Type", "application/json"), body, CALLBACK);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = TrelloFixturesTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return in.readAllBytes();
        }
    }
}
