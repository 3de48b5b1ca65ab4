package io.boxsync.connector.jira;

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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies and decodes Jira webhook deliveries ({@code jira:issue_created|updated|deleted}, and comment events as
 * updates of their issue).
 *
 * <p>With a secret, a delivery must carry {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}, as
 * Jira Cloud admin webhooks send it; the comparison is constant-time. Without a secret (Jira Data Center signs
 * nothing) every delivery is accepted, and the endpoint must be protected otherwise (secret URL, allow-list).
 *
 * <p>Pure and thread-safe.
 */
public final class JiraWebhookDecoder implements WebhookDecoder {
    /** The prefix of the {@code activityDescription} the connector writes into {@code historyMetadata}. */
    static final String WRITE_MARK = "boxsync write ";
    private static final Pattern WRITE_ID = Pattern.compile(Pattern.quote(WRITE_MARK) + "([A-Za-z0-9._:-]+)");

    private final Secret secret;
    private final ObjectMapper mapper;

    /** A decoder; {@code secret} may be {@code null} when the connection's webhooks are unsigned. */
    public JiraWebhookDecoder(Secret secret, ObjectMapper mapper) {
        this.secret = secret;
        this.mapper = mapper;
    }

    @Override
    public List<RemoteEvent> verifyAndDecode(WebhookRequest request) {
        byte[] body = request.body();
        verify(request, body);
        JsonNode delivery;
        try {
            delivery = mapper.readTree(body);
        } catch (IOException e) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the delivery is not JSON");
        }
        if (delivery == null || !delivery.isObject()) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the delivery is not a JSON object");
        }
        String event = delivery.path("webhookEvent").asText("");
        Optional<RemoteEvent.Type> type = type(event);
        String key = delivery.path("issue").path("key").asText("");
        if (type.isEmpty() || key.isBlank()) {
            return List.of();
        }
        Instant occurredAt = JiraTimestamps.instant(delivery.path("timestamp"))
                .or(() -> JiraTimestamps.instant(delivery.path("issue").path("fields").path("updated")))
                .orElseThrow(() -> new WebhookException(WebhookException.Reason.MALFORMED,
                        "the delivery has no timestamp"));
        JsonNode user = delivery.path("user");
        String actorId = user.isObject() ? JiraIssueParser.accountId(user) : null;
        String actorName = user.isObject() && user.hasNonNull("displayName") ? user.get("displayName").asText() : null;
        return List.of(new RemoteEvent(deliveryId(request, body), type.get(), IssueKey.of(key), occurredAt, actorId,
                actorName, writeId(delivery).orElse(null)));
    }

    private void verify(WebhookRequest request, byte[] body) {
        if (secret == null) {
            return;
        }
        String header = request.header("X-Hub-Signature").map(String::strip).orElse("");
        if (header.isEmpty()) {
            throw new WebhookException(WebhookException.Reason.UNSIGNED, "the delivery carries no X-Hub-Signature");
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith("sha256=")) {
            throw new WebhookException(WebhookException.Reason.FORGED, "the signature is not sha256=<hex>");
        }
        byte[] expected = hmacSha256(secret, body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring("sha256=".length()).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            throw new WebhookException(WebhookException.Reason.FORGED, "the signature is not hexadecimal");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new WebhookException(WebhookException.Reason.FORGED, "the signature does not match the body");
        }
    }

    /** {@code sha256=<hex>} of the body under the secret: what a signing Jira sends. */
    public static String signature(Secret secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    private static byte[] hmacSha256(Secret secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static Optional<RemoteEvent.Type> type(String webhookEvent) {
        switch (webhookEvent) {
            case "jira:issue_created":
                return Optional.of(RemoteEvent.Type.CREATED);
            case "jira:issue_updated":
            case "comment_created":
            case "comment_updated":
            case "comment_deleted":
                return Optional.of(RemoteEvent.Type.UPDATED);
            case "jira:issue_deleted":
                return Optional.of(RemoteEvent.Type.DELETED);
            default:
                return Optional.empty();
        }
    }

    /** Jira's delivery id is the same on every retry; without one (Data Center) the body's hash serves. */
    private static String deliveryId(WebhookRequest request, byte[] body) {
        return request.header("X-Atlassian-Webhook-Identifier").map(String::strip).filter(s -> !s.isEmpty())
                .orElseGet(() -> {
                    try {
                        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
                    }
                });
    }

    /** Our write id, from {@code historyMetadata} wherever a Jira version puts it in the delivery. */
    private static Optional<String> writeId(JsonNode delivery) {
        for (JsonNode metadata : List.of(delivery.path("changelog").path("historyMetadata"),
                delivery.path("historyMetadata"))) {
            for (String text : List.of(metadata.path("activityDescription").asText(""),
                    metadata.path("description").asText(""),
                    metadata.path("extraData").path("writeId").asText(""))) {
                Matcher m = WRITE_ID.matcher(text);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
                if (!text.isBlank() && metadata.path("extraData").path("writeId").asText("").equals(text)) {
                    return Optional.of(text);
                }
            }
        }
        return Optional.empty();
    }
}
