package io.boxsync.core.queue;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.Clock;
import io.boxsync.core.port.EventBatch;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.port.QueuedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A thread-safe, in-memory {@link EventQueue} for tests and single-node development. It follows exactly the
 * semantics of {@link CoalescingModel} (read its Javadoc) but keeps events indexed per issue. Nothing survives a
 * restart, so it is not the durable queue production needs.
 */
public final class InMemoryEventQueue implements EventQueue {

    private record Issue(ConnectionId connection, IssueKey key) {
    }

    private record Delivery(ConnectionId connection, String deliveryId) {
    }

    private static final class Entry {
        final List<QueuedEvent> events = new ArrayList<>();
        String leaseOwner;
        Instant leaseUntil;
        int attempts;
        Instant retryAt;
        String error;
        Instant parkedAt;

        boolean holds(EventBatch batch) {
            return Objects.equals(leaseOwner, batch.leaseOwner()) && Objects.equals(leaseUntil, batch.leaseUntil());
        }

        void reset() {
            leaseOwner = null;
            leaseUntil = null;
            attempts = 0;
            retryAt = null;
            error = null;
            parkedAt = null;
        }
    }

    private final Clock clock;
    private final Map<Delivery, Instant> deliveries = new HashMap<>();
    private final Map<Issue, Entry> issues = new HashMap<>();
    private long lastId;

    /** @param clock gives the time a failing issue is parked at */
    public InMemoryEventQueue(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized boolean offer(ConnectionId connection, RemoteEvent event, Instant receivedAt) {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Delivery delivery = new Delivery(connection, event.deliveryId());
        if (deliveries.containsKey(delivery)) {
            return false;
        }
        deliveries.put(delivery, receivedAt);
        issues.computeIfAbsent(new Issue(connection, event.key()), i -> new Entry()).events
                .add(new QueuedEvent(++lastId, connection, event, receivedAt));
        return true;
    }

    @Override
    public synchronized List<EventBatch> lease(Instant now, Duration interval, Duration leaseFor, int max, String owner) {
        Objects.requireNonNull(owner, "owner");
        List<Map.Entry<Issue, Entry>> due = new ArrayList<>();
        for (Map.Entry<Issue, Entry> candidate : issues.entrySet()) {
            if (isDue(candidate.getValue(), now, interval)) {
                due.add(candidate);
            }
        }
        due.sort(Comparator.comparing((Map.Entry<Issue, Entry> e) -> dueAt(e.getValue(), interval))
                .thenComparingLong(e -> e.getValue().events.get(0).id()));
        List<EventBatch> batches = new ArrayList<>();
        for (Map.Entry<Issue, Entry> chosen : due.subList(0, Math.min(Math.max(max, 0), due.size()))) {
            Entry entry = chosen.getValue();
            entry.leaseOwner = owner;
            entry.leaseUntil = now.plus(leaseFor);
            batches.add(new EventBatch(chosen.getKey().connection(), chosen.getKey().key(), entry.events,
                    entry.attempts, owner, entry.leaseUntil));
        }
        return batches;
    }

    /** Oldest-due first: the oldest pending event's arrival plus the interval, or the retry time if later. */
    private static Instant dueAt(Entry entry, Duration interval) {
        Instant coalesced = entry.events.get(0).receivedAt().plus(interval);
        return entry.retryAt != null && entry.retryAt.isAfter(coalesced) ? entry.retryAt : coalesced;
    }

    private static boolean isDue(Entry entry, Instant now, Duration interval) {
        if (entry.events.isEmpty() || entry.parkedAt != null) {
            return false;
        }
        if (entry.leaseUntil != null && entry.leaseUntil.isAfter(now)) {
            return false;
        }
        if (entry.retryAt != null && entry.retryAt.isAfter(now)) {
            return false;
        }
        return !entry.events.get(0).receivedAt().plus(interval).isAfter(now);
    }

    @Override
    public synchronized void complete(EventBatch batch) {
        Issue issue = new Issue(batch.connection(), batch.key());
        Entry entry = issues.get(issue);
        if (entry == null) {
            return;
        }
        long last = batch.lastEventId();
        entry.events.removeIf(event -> event.id() <= last);
        if (entry.holds(batch)) {
            entry.reset();
        }
        forgetIfIdle(issue, entry);
    }

    /** An issue with no events, not parked and not leased has nothing to remember; a live lease must be kept. */
    private void forgetIfIdle(Issue issue, Entry entry) {
        if (entry.events.isEmpty() && entry.parkedAt == null && entry.leaseOwner == null) {
            issues.remove(issue);
        }
    }

    @Override
    public synchronized void fail(EventBatch batch, String error, Instant retryAt, int maxAttempts) {
        Issue issue = new Issue(batch.connection(), batch.key());
        Entry entry = issues.get(issue);
        if (entry == null || !entry.holds(batch)) {
            return;
        }
        entry.leaseOwner = null;
        entry.leaseUntil = null;
        if (entry.events.isEmpty()) {
            forgetIfIdle(issue, entry);
            return;
        }
        entry.attempts++;
        entry.error = error;
        if (entry.attempts >= maxAttempts) {
            entry.parkedAt = clock.now();
            entry.retryAt = null;
        } else {
            entry.retryAt = retryAt;
        }
    }

    @Override
    public synchronized List<Parked> parked(int limit) {
        return issues.entrySet().stream()
                .filter(e -> e.getValue().parkedAt != null)
                .map(e -> new Parked(e.getKey().connection(), e.getKey().key(), e.getValue().events.size(),
                        e.getValue().attempts, e.getValue().error, e.getValue().parkedAt))
                .sorted(Comparator.comparing(Parked::parkedAt).thenComparing(p -> p.connection().value())
                        .thenComparing(Parked::key))
                .limit(Math.max(limit, 0))
                .toList();
    }

    @Override
    public synchronized boolean retryParked(ConnectionId connection, IssueKey key) {
        Issue issue = new Issue(connection, key);
        Entry entry = issues.get(issue);
        if (entry == null || entry.parkedAt == null) {
            return false;
        }
        entry.reset();
        if (entry.events.isEmpty()) {
            issues.remove(issue);
        }
        return true;
    }

    @Override
    public synchronized Stats stats(Instant now) {
        long pendingIssues = 0;
        long pendingEvents = 0;
        long parkedIssues = 0;
        Instant oldest = null;
        for (Entry entry : issues.values()) {
            if (entry.parkedAt != null) {
                parkedIssues++;
            } else if (!entry.events.isEmpty()) {
                pendingIssues++;
                pendingEvents += entry.events.size();
                for (QueuedEvent event : entry.events) {
                    if (oldest == null || event.receivedAt().isBefore(oldest)) {
                        oldest = event.receivedAt();
                    }
                }
            }
        }
        return new Stats(pendingIssues, pendingEvents, parkedIssues, Optional.ofNullable(oldest));
    }

    @Override
    public synchronized boolean knows(ConnectionId connection, String deliveryId) {
        return deliveries.containsKey(new Delivery(connection, deliveryId));
    }

    @Override
    public synchronized int forgetDeliveriesBefore(Instant before) {
        Set<Delivery> stillPending = new HashSet<>();
        for (Entry entry : issues.values()) {
            for (QueuedEvent event : entry.events) {
                stillPending.add(new Delivery(event.connection(), event.event().deliveryId()));
            }
        }
        int size = deliveries.size();
        deliveries.entrySet().removeIf(d -> d.getValue().isBefore(before) && !stillPending.contains(d.getKey()));
        return size - deliveries.size();
    }
}
