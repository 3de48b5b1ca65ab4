package io.boxsync.core.domain;

/** Which sync path produced a change. */
public enum ChangeOrigin {
    /** S1, the first start of an installation. */
    INITIAL,
    /** S2, a full sync of a Box. */
    FULL,
    /** S3, an incremental catch-up. */
    INCREMENTAL,
    /** S4, a change made in the tool and received as an event. */
    PARTIAL_REMOTE,
    /** S5, a change made by a person in Boxsync and written to the tool. */
    PARTIAL_APP
}
