package io.boxsync.core.sync;

import io.boxsync.connector.ScopeQuery;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.port.BoxStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Resolving what a Box's scope means: its own-scope ancestor, its Scope Owner, its effective queries. */
final class Scopes {

    private Scopes() {
    }

    /** The Box itself when it has an own scope, else its nearest own-scope ancestor. */
    static Optional<Box> ownScopeRoot(BoxStore boxes, Box box) {
        Box current = box;
        int guard = 0;
        while (current != null && guard++ < 64) {
            if (current.scope().isOwn()) {
                return Optional.of(current);
            }
            BoxId parent = current.parent();
            current = parent == null ? null : boxes.find(parent).orElse(null);
        }
        return Optional.empty();
    }

    /** Whose read rights define the Box: its own Scope Owner, or its own-scope ancestor's. */
    static Optional<UserId> scopeOwner(BoxStore boxes, Box box) {
        if (box.scopeOwner() != null) {
            return Optional.of(box.scopeOwner());
        }
        return ownScopeRoot(boxes, box).map(Box::scopeOwner);
    }

    /** The ancestor's query narrowed by a sub-scope filter (AND). */
    static ScopeQuery narrowed(ScopeQuery query, String subFilter) {
        if (subFilter == null || subFilter.isBlank()) {
            return query;
        }
        String narrowing = query.narrowing().isBlank()
                ? subFilter : "(" + query.narrowing() + ") AND (" + subFilter + ")";
        return new ScopeQuery(query.sources(), narrowing);
    }

    /** Every Box below the given one, depth first. */
    static List<Box> descendants(BoxStore boxes, BoxId root) {
        List<Box> out = new ArrayList<>();
        collect(boxes, root, out, 0);
        return out;
    }

    private static void collect(BoxStore boxes, BoxId parent, List<Box> out, int depth) {
        if (depth > 64) {
            return;
        }
        for (Box child : boxes.children(parent)) {
            out.add(child);
            collect(boxes, child.id(), out, depth + 1);
        }
    }
}
