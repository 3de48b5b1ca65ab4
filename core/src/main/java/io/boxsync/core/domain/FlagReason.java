package io.boxsync.core.domain;

/** Why a Box waits for a full sync on its next open. */
public enum FlagReason {
    /** Newly created or scope changed. */
    NEW_SCOPE,
    /** Boxsync restarted. */
    RESTART,
    /** An admin cleared the cache. */
    CACHE_CLEAR,
    /** A new Boxsync version was installed. */
    UPGRADE
}
