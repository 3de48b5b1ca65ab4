package io.boxsync.connector;

/** A webhook delivery that must be rejected: unsigned, forged, or not readable. Nothing of it may be stored. */
public final class WebhookException extends RuntimeException {

    /** Why the delivery is rejected. */
    public enum Reason {
        /** No signature where the connection has a secret: answer 401. */
        UNSIGNED,
        /** The signature does not match: answer 401. */
        FORGED,
        /** The body is not a delivery we understand: answer 400. */
        MALFORMED
    }

    private final Reason reason;

    public WebhookException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
