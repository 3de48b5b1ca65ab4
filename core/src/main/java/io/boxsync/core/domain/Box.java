package io.boxsync.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * A container of tasks: a portfolio, program, project or iteration.
 *
 * @param id              storage id
 * @param name            display name
 * @param kind            the Box type
 * @param parent          the parent Box, {@code null} for a root
 * @param status          not started, in progress or closed
 * @param scope           what it holds
 * @param scopeOwner      whose remote read rights define the scope; full sync reads as this user
 * @param builders        ordered WBS builders
 * @param defaultTaskMode the mode of tasks that enter the Box
 * @param syncState       full-sync state
 */
public record Box(
        BoxId id,
        String name,
        BoxKind kind,
        BoxId parent,
        BoxStatus status,
        BoxScope scope,
        UserId scopeOwner,
        List<WbsBuilder> builders,
        TaskMode defaultTaskMode,
        SyncState syncState) {

    public Box {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(defaultTaskMode, "defaultTaskMode");
        Objects.requireNonNull(syncState, "syncState");
        builders = List.copyOf(builders == null ? List.of() : builders);
        if (scope.isOwn() && scopeOwner == null) {
            throw new IllegalArgumentException("an own-scope Box needs a Scope Owner");
        }
    }

    public boolean isClosed() {
        return status == BoxStatus.CLOSED;
    }

    public Box withSyncState(SyncState state) {
        return new Box(id, name, kind, parent, status, scope, scopeOwner, builders, defaultTaskMode, state);
    }

    public Box withStatus(BoxStatus newStatus) {
        return new Box(id, name, kind, parent, newStatus, scope, scopeOwner, builders, defaultTaskMode, syncState);
    }
}
