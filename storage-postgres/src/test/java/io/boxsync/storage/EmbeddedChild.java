package io.boxsync.storage;

import java.nio.file.Path;

/**
 * A separate Boxsync-like process for {@link EmbeddedDatabaseIT}: opens the embedded database on the directory given
 * as the first argument, commits a user named by the second, prints {@code READY}, then waits to be killed.
 */
public final class EmbeddedChild {
    private EmbeddedChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Database db = Database.embedded(dir, 0);
        PostgresStorage storage = PostgresStorage.open(db, MasterKey.cipher(dir));
        storage.transactor().run(s -> s.users().create(args[1], "Written before kill -9", false));
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
