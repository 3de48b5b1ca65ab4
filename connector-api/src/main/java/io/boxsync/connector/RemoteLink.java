package io.boxsync.connector;

import java.util.Objects;

/**
 * A directed link between two issues as the tool stores it, read from the outward side: {@code from} "blocks"
 * {@code to}, {@code from} "precedes" {@code to}.
 *
 * @param linkId   the tool's id of the link, needed to delete it
 * @param type     the tool's link type name ("Blocks", "precedes", ...)
 * @param from     the outward issue
 * @param to       the inward issue
 * @param lagDays  delay between the two in days where the tool stores one (Redmine's {@code delay}), else 0
 */
public record RemoteLink(String linkId, String type, IssueKey from, IssueKey to, int lagDays) {
    public RemoteLink {
        Objects.requireNonNull(linkId, "linkId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
