package io.boxsync.core.port;

import io.boxsync.connector.Cursor;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ConnectionId;
import java.util.Optional;

/** Incremental-read cursors per Box and connection, stored in the transaction of the changes they cover. */
public interface CursorStore {

    Optional<Cursor> get(BoxId box, ConnectionId connection);

    /** Stores the cursor; a cursor is never moved backwards (the greater of old and new is kept). */
    void advance(BoxId box, ConnectionId connection, Cursor cursor);
}
