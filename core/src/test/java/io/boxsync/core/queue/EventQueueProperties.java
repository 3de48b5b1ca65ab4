package io.boxsync.core.queue;

import io.boxsync.core.port.Clock;
import io.boxsync.core.port.EventQueue;

/** The in-memory queue keeps the {@link EventQueueContract}. */
class EventQueueProperties extends EventQueueContract {
    @Override
    protected EventQueue newQueue(Clock clock) {
        return new InMemoryEventQueue(clock);
    }
}
