package io.boxsync.connector.http;

import io.boxsync.connector.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How a request proves who it runs as: one header name and value. Immutable and thread-safe. The value is only
 * built when the request goes onto the wire, and {@link #toString()} never shows it.
 */
public final class Authentication {
    private final String headerName;
    private final String scheme;
    private final Secret value;

    private Authentication(String headerName, String scheme, Secret value) {
        this.headerName = Objects.requireNonNull(headerName, "headerName");
        this.scheme = scheme;
        this.value = Objects.requireNonNull(value, "value");
    }

    /** {@code Authorization: Basic base64(login:secret)}, e.g. Jira Cloud e-mail plus API token. */
    public static Authentication basic(String login, Secret secret) {
        Objects.requireNonNull(login, "login");
        String pair = login + ":" + Objects.requireNonNull(secret, "secret").reveal();
        return new Authentication("Authorization", "Basic",
                Secret.of(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
    }

    /** {@code Authorization: Bearer <token>}, e.g. a Jira Data Center personal access token. */
    public static Authentication bearer(Secret token) {
        return new Authentication("Authorization", "Bearer", token);
    }

    /** A custom header carrying the secret as is, e.g. {@code X-Redmine-API-Key}. */
    public static Authentication header(String headerName, Secret value) {
        if (headerName == null || headerName.isBlank()) {
            throw new IllegalArgumentException("an authentication header needs a name");
        }
        return new Authentication(headerName, null, value);
    }

    /** The header name. */
    public String headerName() {
        return headerName;
    }

    /** The header value; only for putting onto the wire. */
    public String headerValue() {
        return scheme == null ? value.reveal() : scheme + " " + value.reveal();
    }

    @Override
    public String toString() {
        return "Authentication[" + headerName + (scheme == null ? "" : " " + scheme) + " ****]";
    }
}
