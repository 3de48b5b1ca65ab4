package io.boxsync.core.sync;

import io.boxsync.core.port.BoxLocks;
import io.boxsync.core.port.Clock;
import io.boxsync.core.port.ConnectorRegistry;
import io.boxsync.core.port.Transactor;

import java.util.Objects;

/**
 * What every sync service needs from the outside: storage, connectors, locks, time, settings and the two algorithms
 * (WBS layout and task-mode date rules). Immutable; the parts themselves are thread-safe.
 */
public record SyncEnvironment(Transactor tx, ConnectorRegistry connectors, BoxLocks locks, Clock clock,
                              SyncSettings settings, WbsLayout wbs, DateRules dates) {
    public SyncEnvironment {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(connectors, "connectors");
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(wbs, "wbs");
        Objects.requireNonNull(dates, "dates");
    }

    /** An environment with the core's algorithms: {@link WbsLayout#planner()} and {@link SchedulerDateRules}. */
    public static SyncEnvironment of(Transactor tx, ConnectorRegistry connectors, BoxLocks locks, Clock clock,
                                     SyncSettings settings) {
        return new SyncEnvironment(tx, connectors, locks, clock, settings, WbsLayout.planner(),
                new SchedulerDateRules(clock));
    }

    /** This environment with other algorithms. */
    public SyncEnvironment withAlgorithms(WbsLayout layout, DateRules rules) {
        return new SyncEnvironment(tx, connectors, locks, clock, settings, layout, rules);
    }
}
