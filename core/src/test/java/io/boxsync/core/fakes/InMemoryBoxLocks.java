package io.boxsync.core.fakes;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.port.BoxLocks;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Box locks shared by every engine given the same instance: stands for the cluster-wide advisory locks, so two
 * engines on one instance behave like two nodes on one database. Thread-safe.
 */
public final class InMemoryBoxLocks implements BoxLocks {
    private final Set<BoxId> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger acquisitions = new AtomicInteger();

    @Override
    public Optional<Held> tryLock(BoxId box) {
        if (!held.add(box)) {
            return Optional.empty();
        }
        acquisitions.incrementAndGet();
        AtomicBoolean open = new AtomicBoolean(true);
        return Optional.of(() -> {
            if (open.compareAndSet(true, false)) {
                held.remove(box);
            }
        });
    }

    /** Whether someone holds the Box's lock now. */
    public boolean isHeld(BoxId box) {
        return held.contains(box);
    }

    /** How many times a lock was taken. */
    public int acquisitions() {
        return acquisitions.get();
    }
}
