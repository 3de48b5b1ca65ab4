package io.boxsync.simulator.jira;

/** A project; {@code nextNumber} numbers its issues. Guarded by the store lock. */
final class SimProject {
    final long id;
    final String key;
    final String name;
    int nextNumber = 1;

    SimProject(long id, String key, String name) {
        this.id = id;
        this.key = key;
        this.name = name;
    }
}
