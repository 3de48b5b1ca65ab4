package io.boxsync.simulator.trello;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries as Trello does: {@code X-Trello-Webhook} = base64(HMAC-SHA1(key = the application's
 * secret, message = the raw body bytes followed by the callback URL exactly as it was registered)).
 *
 * <p>Stateless and thread-safe.
 */
public final class TrelloWebhookSigner {

    /** The header that carries the signature. */
    public static final String HEADER = "X-Trello-Webhook";

    private TrelloWebhookSigner() {
    }

    /**
     * The signature of one delivery.
     *
     * @param appSecret   the application's secret (never {@code null})
     * @param body        the raw body bytes as sent
     * @param callbackUrl the callback URL as registered with the webhook
     * @return the base64 signature
     */
    public static String sign(String appSecret, byte[] body, String callbackUrl) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(body);
            mac.update(callbackUrl.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JDK", e);
        }
    }
}
