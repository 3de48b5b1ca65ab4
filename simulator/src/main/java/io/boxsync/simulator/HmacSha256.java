package io.boxsync.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 as webhook senders use it to sign bodies. Stateless and thread-safe. */
public final class HmacSha256 {
    private HmacSha256() {
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} keyed with the UTF-8 bytes of {@code secret}; both non-null. */
    public static String hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
