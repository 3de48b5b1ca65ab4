package io.boxsync.connector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of a paged read.
 *
 * @param items     the items of this page, in the tool's order
 * @param next      the token for the next page; empty on the last page
 * @param total     the total number of items when the tool reports it (Jira DC {@code total}, Redmine
 *                  {@code total_count}); empty when it does not (Jira Cloud enhanced search)
 */
public record Page<T>(List<T> items, Optional<PageToken> next, OptionalLong total) {
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(total, "total");
    }

    public boolean isLast() {
        return next.isEmpty();
    }
}
