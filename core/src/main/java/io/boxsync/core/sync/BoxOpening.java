package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The triggers of S2: opening a Box in any module runs a full sync when the Box is flagged or expired; opening an
 * issue's WBS panel does so for the flagged or expired Boxes holding the issue; a Box admin's re-sync always runs.
 * Thread-safe.
 */
public final class BoxOpening {

    /**
     * The answer to opening a Box.
     *
     * @param allowed whether the user may open it
     * @param reason  why not, else empty
     * @param sync    the full sync the opening ran, if it ran one
     */
    public record OpenResult(boolean allowed, String reason, Optional<FullSyncResult> sync) {
        public static OpenResult refused(String reason) {
            return new OpenResult(false, reason, Optional.empty());
        }

        public static OpenResult opened(Optional<FullSyncResult> sync) {
            return new OpenResult(true, "", sync);
        }
    }

    /**
     * Where an issue sits in one Box's WBS.
     *
     * @param box  the Box
     * @param path the nodes from the top level down to the issue's own node
     * @param sync the full sync opening the panel ran for this Box, if any
     */
    public record IssuePlacement(BoxId box, List<WbsNode> path, Optional<FullSyncResult> sync) {
        public IssuePlacement {
            path = List.copyOf(path);
        }
    }

    private final SyncEnvironment env;
    private final FullSync fullSync;

    public BoxOpening(SyncEnvironment env, FullSync fullSync) {
        this.env = Objects.requireNonNull(env, "env");
        this.fullSync = Objects.requireNonNull(fullSync, "fullSync");
    }

    /** A member opens the Box in a module: the visit is recorded, then a flagged or expired Box re-syncs. */
    public OpenResult open(BoxId boxId, UserId user, BoxModule module) {
        Instant now = env.clock().now();
        Optional<Box> box = env.tx().inTransaction(s -> {
            Optional<Box> found = s.boxes().find(boxId);
            if (found.isEmpty() || s.boxes().role(boxId, user).isEmpty()) {
                return Optional.<Box>empty();
            }
            Box visited = found.get().withSyncState(found.get().syncState().visited(now));
            s.boxes().update(visited);
            return Optional.of(visited);
        });
        if (box.isEmpty()) {
            return OpenResult.refused("there is no Box " + boxId + " you are a member of");
        }
        if (box.get().isClosed() || !box.get().syncState().needsFullSync(now, env.settings().fullSyncExpiry())) {
            return OpenResult.opened(Optional.empty());
        }
        return OpenResult.opened(Optional.of(fullSync.run(FullSyncRequest.of(boxId, user, "opened in " + module))));
    }

    /**
     * The WBS panel of an issue opens: the flagged or expired Boxes holding it (that the user is a member of)
     * re-sync, then the issue's place in each such Box is returned.
     */
    public List<IssuePlacement> openIssue(ConnectionId connection, IssueKey key, UserId user) {
        Instant now = env.clock().now();
        List<Box> boxes = env.tx().inTransaction(s -> {
            Optional<Task> task = s.tasks().findByKey(connection, key);
            if (task.isEmpty()) {
                return List.<Box>of();
            }
            List<Box> out = new ArrayList<>();
            for (BoxId id : s.contents().boxesHolding(task.get().id())) {
                s.boxes().find(id).filter(b -> s.boxes().role(id, user).isPresent()).ifPresent(out::add);
            }
            return out;
        });
        Map<BoxId, FullSyncResult> syncs = new HashMap<>();
        for (Box box : boxes) {
            if (!box.isClosed() && box.syncState().needsFullSync(now, env.settings().fullSyncExpiry())) {
                syncs.put(box.id(), fullSync.run(FullSyncRequest.of(box.id(), user, "WBS panel of " + key)));
            }
        }
        return env.tx().inTransaction(s -> {
            List<IssuePlacement> out = new ArrayList<>();
            Optional<Task> task = s.tasks().findByKey(connection, key);
            if (task.isEmpty()) {
                return out;
            }
            for (Box box : boxes) {
                List<WbsNode> wbs = s.contents().wbs(box.id());
                List<WbsNode> path = pathTo(wbs, WbsNode.taskNodeId(task.get().id()));
                if (!path.isEmpty()) {
                    out.add(new IssuePlacement(box.id(), path, Optional.ofNullable(syncs.get(box.id()))));
                }
            }
            return out;
        });
    }

    /** A Box admin's explicit re-sync ("Re-sync", or R twice): always runs, unless the Box is closed. */
    public FullSyncResult resync(BoxId boxId, UserId user, boolean continueWithoutReindex) {
        boolean admin = env.tx().inTransaction(s -> s.boxes().role(boxId, user))
                .map(r -> r.includes(BoxRole.ADMIN)).orElse(false);
        if (!admin) {
            return FullSyncResult.refused("only a Box admin may re-sync a Box");
        }
        return fullSync.run(new FullSyncRequest(boxId, user, continueWithoutReindex, false, "re-sync"));
    }

    private static List<WbsNode> pathTo(List<WbsNode> wbs, String nodeId) {
        Map<String, WbsNode> byId = new HashMap<>();
        wbs.forEach(n -> byId.put(n.nodeId(), n));
        List<WbsNode> path = new ArrayList<>();
        WbsNode current = byId.get(nodeId);
        while (current != null && path.size() <= wbs.size()) {
            path.add(0, current);
            current = current.parentId() == null ? null : byId.get(current.parentId());
        }
        return path;
    }
}
