package io.boxsync.storage;

import io.boxsync.connector.Cursor;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.CursorStore;
import org.jdbi.v3.core.Handle;

import java.util.Optional;

final class JdbiCursorStore implements CursorStore {
    private final Handle handle;

    JdbiCursorStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Optional<Cursor> get(BoxId box, ConnectionId connection) {
        return handle.createQuery("SELECT updated, issue_key FROM cursors WHERE box_id = :box AND connection_id = :c")
                .bind("box", box.value()).bind("c", connection.value())
                .map((rs, ctx) -> new Cursor(Rows.instant(rs, "updated"), rs.getString("issue_key")))
                .findOne();
    }

    @Override
    public void advance(BoxId box, ConnectionId connection, Cursor cursor) {
        // Locking the row first makes the comparison in Java see the latest committed cursor.
        Optional<Cursor> current = handle.createQuery("SELECT updated, issue_key FROM cursors"
                        + " WHERE box_id = :box AND connection_id = :c FOR UPDATE")
                .bind("box", box.value()).bind("c", connection.value())
                .map((rs, ctx) -> new Cursor(Rows.instant(rs, "updated"), rs.getString("issue_key")))
                .findOne();
        Cursor next = current.map(cursor::max).orElse(cursor);
        if (current.isPresent() && current.get().equals(next)) {
            return;
        }
        handle.createUpdate("INSERT INTO cursors (box_id, connection_id, updated, issue_key) VALUES (:box, :c, :u, :k)"
                        + " ON CONFLICT (box_id, connection_id) DO UPDATE SET updated = excluded.updated,"
                        + " issue_key = excluded.issue_key")
                .bind("box", box.value()).bind("c", connection.value())
                .bind("u", Rows.at(next.updated())).bind("k", next.key()).execute();
    }
}
