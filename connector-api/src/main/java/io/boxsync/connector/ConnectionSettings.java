package io.boxsync.connector;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a connector needs to reach one connection.
 *
 * @param kind           the tool
 * @param baseUrl        the tool's base URL ({@code https://acme.atlassian.net}, {@code http://127.0.0.1:3000})
 * @param technicalUser  the account used when no person acts (metadata, webhooks registration, polling)
 * @param webhookSecret  the shared secret signing webhooks; {@code null} when the tool signs nothing
 * @param fieldMapping   the field mapping
 * @param timeout        the timeout of one HTTP call
 * @param maxRetries     retries of a retryable call before giving up with a {@link ConnectorException}
 */
public record ConnectionSettings(
        ConnectionKind kind,
        URI baseUrl,
        RemoteAccount technicalUser,
        Secret webhookSecret,
        FieldMapping fieldMapping,
        Duration timeout,
        int maxRetries) {

    public ConnectionSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(technicalUser, "technicalUser");
        Objects.requireNonNull(fieldMapping, "fieldMapping");
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
    }
}
