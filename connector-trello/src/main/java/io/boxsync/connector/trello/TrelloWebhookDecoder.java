package io.boxsync.connector.trello;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.Secret;
import io.boxsync.connector.WebhookDecoder;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Trello webhook deliveries and decodes their card actions.
 *
 * <p>Trello signs a delivery with {@code X-Trello-Webhook} = base64(HMAC-SHA1(key = the application's secret,
 * message = raw body + the callback URL exactly as registered)); the URL therefore comes from
 * {@link WebhookRequest#callbackUrl()}, never from the request line, which a proxy may have rewritten.
 *
 * <p>An action about a card gives one event: delivery id = action id, time = {@code action.date}, actor =
 * {@code action.memberCreator} (none for automations). Actions about no card (a list renamed, a board changed)
 * give none. Pure and thread-safe.
 */
public final class TrelloWebhookDecoder implements WebhookDecoder {
    /** The signature header. */
    public static final String SIGNATURE_HEADER = "X-Trello-Webhook";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CREATED = Set.of("createCard", "copyCard", "convertToCardFromCheckItem",
            "moveCardToBoard", "emailCard");
    private static final Set<String> DELETED = Set.of("deleteCard", "moveCardFromBoard");

    private final Secret appSecret;

    /** @param appSecret the Trello application's secret; {@code null} accepts unsigned deliveries (not advised) */
    public TrelloWebhookDecoder(Secret appSecret) {
        this.appSecret = appSecret;
    }

    @Override
    public List<RemoteEvent> verifyAndDecode(WebhookRequest request) {
        byte[] body = request.body();
        if (appSecret != null) {
            verify(request, body);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the Trello delivery is not JSON");
        }
        if (root == null || !root.path("action").isObject()) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the Trello delivery has no action");
        }
        return decode(root.path("action"));
    }

    private void verify(WebhookRequest request, byte[] body) {
        String given = request.header(SIGNATURE_HEADER).orElse("").strip();
        if (given.isEmpty()) {
            throw new WebhookException(WebhookException.Reason.UNSIGNED,
                    "the Trello delivery has no " + SIGNATURE_HEADER + " signature");
        }
        if (request.callbackUrl().isEmpty()) {
            throw new WebhookException(WebhookException.Reason.FORGED,
                    "cannot verify a Trello delivery without the registered callback URL");
        }
        byte[] expected = sign(appSecret.reveal(), body, request.callbackUrl()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) {
            throw new WebhookException(WebhookException.Reason.FORGED,
                    "the Trello delivery's signature does not match body and callback URL");
        }
    }

    /** base64(HMAC-SHA1(secret, body + callbackUrl)), as Trello computes {@code X-Trello-Webhook}. */
    public static String sign(String secret, byte[] body, String callbackUrl) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(body);
            mac.update(callbackUrl.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JDK", e);
        }
    }

    private static List<RemoteEvent> decode(JsonNode action) {
        String cardId = action.path("data").path("card").path("id").asText("");
        if (cardId.isEmpty()) {
            return List.of();
        }
        String id = action.path("id").asText("");
        String type = action.path("type").asText("");
        if (id.isEmpty() || type.isEmpty()) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the Trello action has no id or type");
        }
        Instant date;
        try {
            date = Instant.parse(action.path("date").asText(""));
        } catch (DateTimeParseException e) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the Trello action has no valid date");
        }
        JsonNode creator = action.path("memberCreator");
        String actorId = creator.path("id").asText(action.path("idMemberCreator").asText(""));
        String actorName = creator.path("fullName").asText("");
        RemoteEvent.Type eventType = CREATED.contains(type) ? RemoteEvent.Type.CREATED
                : DELETED.contains(type) ? RemoteEvent.Type.DELETED : RemoteEvent.Type.UPDATED;
        return List.of(new RemoteEvent(id, eventType, IssueKey.of(cardId), date,
                actorId.isEmpty() ? null : actorId, actorName.isEmpty() ? null : actorName, null));
    }
}
