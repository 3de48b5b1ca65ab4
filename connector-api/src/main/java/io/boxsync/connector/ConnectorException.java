package io.boxsync.connector;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure talking to a tool, named for what the caller must do about it.
 */
public final class ConnectorException extends RuntimeException {

    /** What the caller must do. */
    public enum Kind {
        /** Try again later (timeout, reset, 5xx, 429); {@link #retryAfter()} says when if the tool said. */
        TRANSIENT,
        /** The credentials are wrong or expired (401): fix the account, retrying will not help. */
        AUTH,
        /** The account may not do this (403, or a permission check said no): refuse the action. */
        PERMISSION,
        /** The issue, link or cadence does not exist, or the account cannot see it (404). */
        NOT_FOUND,
        /** The connection or field mapping is wrong (unknown field, bad JQL, 400): an admin must fix it. */
        CONFIGURATION,
        /** The tool refused because its state changed under us (409, a rejected transition): re-read, then decide. */
        CONFLICT,
        /** The tool answered something we cannot read: treat as transient, but report it. */
        INVALID_RESPONSE
    }

    private final Kind kind;
    private final transient Duration retryAfter;
    private final int status;

    public ConnectorException(Kind kind, String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public ConnectorException(Kind kind, String message) {
        this(kind, message, 0, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the tool answered, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** How long the tool asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether trying the same call again later may succeed. */
    public boolean isRetryable() {
        return kind == Kind.TRANSIENT || kind == Kind.INVALID_RESPONSE;
    }
}
