package io.boxsync.core.port;

import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.FlagReason;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Boxes, their members and their full-sync state. */
public interface BoxStore {

    /** Creates a Box, flagged for its first full sync ({@link io.boxsync.core.domain.SyncState#newlyCreated()}). */
    Box create(String name, BoxKind kind, BoxId parent, io.boxsync.core.domain.BoxStatus status, BoxScope scope,
               UserId scopeOwner, List<WbsBuilder> builders, TaskMode defaultTaskMode);

    Optional<Box> find(BoxId id);

    /** Every Box, ordered by id. */
    List<Box> all();

    /** The direct sub-Boxes, ordered by id. */
    List<Box> children(BoxId parent);

    /** Replaces every field of the Box with the given one's (same id). */
    void update(Box box);

    /** Flags every own-scope Box that is not closed; returns how many. Nothing is synchronized. */
    int flagOwnScopeBoxes(FlagReason reason);

    /** Sets or replaces a member's role. */
    void setRole(BoxId box, UserId user, BoxRole role);

    void removeMember(BoxId box, UserId user);

    /** The user's role in the Box, if a member. */
    Optional<BoxRole> role(BoxId box, UserId user);

    Map<UserId, BoxRole> members(BoxId box);
}
