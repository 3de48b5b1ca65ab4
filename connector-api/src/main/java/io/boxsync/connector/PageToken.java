package io.boxsync.connector;

import java.util.Objects;

/** An opaque position in a paged read; only the connector that issued it understands it. */
public record PageToken(String value) {
    public PageToken {
        Objects.requireNonNull(value, "value");
    }
}
