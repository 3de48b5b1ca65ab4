package io.boxsync.simulator.trello;

import java.util.Locale;

/** A member's role on a Trello board ({@code memberType} in Trello's JSON). */
public enum BoardRole {
    /** May read, edit, and manage the board. */
    ADMIN,
    /** May read and edit cards. */
    NORMAL,
    /** May read only: every write is refused. */
    OBSERVER;

    /** The value Trello writes in {@code memberType}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may change cards. */
    public boolean canEdit() {
        return this != OBSERVER;
    }
}
