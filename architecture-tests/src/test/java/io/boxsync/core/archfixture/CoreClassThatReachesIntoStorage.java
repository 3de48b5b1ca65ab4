package io.boxsync.core.archfixture;

import io.boxsync.storage.Database;

/** Test-only fixture: a "core" class that breaks the rules on purpose, to prove the rules catch it. */
public final class CoreClassThatReachesIntoStorage {
    public boolean looksUp(Database database) {
        return database.isReachable();
    }
}
