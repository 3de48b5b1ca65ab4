package io.boxsync.core.wbs;

import io.boxsync.core.domain.WbsBuilder;
import java.util.Objects;

/**
 * A field of the tool that must change so that the builders place a manually moved task where the person put it.
 *
 * @param builder the builder whose field changes: EPIC (epic), PARENT (parent), LINK (a new link of its type),
 *                SPRINT or VERSION (the cadence)
 * @param value   the new parent's issue key, or the cadence id; {@code null} to clear the field
 */
public record WbsWrite(WbsBuilder builder, String value) {
    public WbsWrite {
        Objects.requireNonNull(builder, "builder");
    }
}
