package io.boxsync.core.wbs;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteLink;
import io.boxsync.core.domain.ConnectionId;
import java.util.Objects;

/**
 * A tool link between two issues of one connection, as a LINK builder reads it: the outward issue becomes the
 * parent of the inward one.
 *
 * @param connection the connection of both issues
 * @param outward    the outward issue ("blocks", "is parent of")
 * @param inward     the inward issue
 * @param type       the tool's link type name
 */
public record TaskLink(ConnectionId connection, IssueKey outward, IssueKey inward, String type) {
    public TaskLink {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(outward, "outward");
        Objects.requireNonNull(inward, "inward");
        Objects.requireNonNull(type, "type");
    }

    /** The link as read from a remote issue of {@code connection}. */
    public static TaskLink of(ConnectionId connection, RemoteLink link) {
        return new TaskLink(connection, link.from(), link.to(), link.type());
    }
}
