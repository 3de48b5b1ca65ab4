package io.boxsync.simulator.jira;

import java.time.LocalDate;

/** A sprint of a board; state is "future", "active" or "closed". Guarded by the store lock. */
final class SimSprint {
    final long id;
    final long boardId;
    final String name;
    String state;
    final LocalDate start;
    final LocalDate end;

    SimSprint(long id, long boardId, String name, String state, LocalDate start, LocalDate end) {
        this.id = id;
        this.boardId = boardId;
        this.name = name;
        this.state = state;
        this.start = start;
        this.end = end;
    }

    boolean open() {
        return !"closed".equals(state);
    }
}
