package io.boxsync.simulator.archfixture;

import io.boxsync.connector.IssueKey;

/** Test-only fixture: a simulator class that borrows Boxsync code, which the rules forbid. */
public final class SimulatorThatUsesTheConnectorApi {
    public String keyOf(IssueKey key) {
        return String.valueOf(key);
    }
}
