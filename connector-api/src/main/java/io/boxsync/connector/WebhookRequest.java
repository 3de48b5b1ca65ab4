package io.boxsync.connector;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook delivery as it reached Boxsync, before anything is trusted.
 *
 * @param headers     request headers (names compared case-insensitively)
 * @param body        the raw body bytes, exactly as received (signatures cover them)
 * @param callbackUrl the public URL the tool was told to call (Trello signs body + callback URL)
 */
public record WebhookRequest(Map<String, String> headers, byte[] body, String callbackUrl) {
    public WebhookRequest {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(Objects.requireNonNull(headers, "headers"));
        headers = java.util.Collections.unmodifiableMap(h);
        body = Objects.requireNonNull(body, "body").clone();
        callbackUrl = callbackUrl == null ? "" : callbackUrl;
    }

    /** A header's value, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)))
                .or(() -> Optional.ofNullable(headers.get(name)));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
