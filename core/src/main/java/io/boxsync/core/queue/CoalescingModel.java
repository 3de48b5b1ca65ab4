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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference model of the {@link EventQueue} semantics: deliberately naive (flat lists scanned on every call) so
 * that it is obviously correct. Property tests check real queues against it; do not use it in production.
 *
 * <p>Semantics pinned down here, which every queue implementation must share:
 * <ul>
 *   <li>{@code offer} remembers (connection, delivery id) and drops repeats, also after the event was completed;</li>
 *   <li>an issue is due {@code interval} after its oldest pending event was received, and is leased when due, not
 *       parked, not waiting for {@code retryAt}, and not held by a lease that is still running; due issues are
 *       served oldest-due first (ties: the lowest queue id first);</li>
 *   <li>a lease is identified by its owner and expiry; {@code complete} always removes the batch's events (they were
 *       processed) but releases the lease and resets the failure count only while that lease is still the issue's
 *       lease, so a late completion by a worker whose lease expired never frees the issue for a third worker while
 *       the current holder still works on it; {@code fail} of a lease that is no longer the issue's lease is
 *       ignored, and a failure of an issue whose events were all completed meanwhile just releases the lease;</li>
 *   <li>new events of a parked issue join it and stay parked until {@code retryParked}, which also resets its
 *       failure count;</li>
 *   <li>{@code forgetDeliveriesBefore} keeps the delivery ids of events still pending (or parked).</li>
 * </ul>
 * Not thread-safe.
 */
public final class CoalescingModel implements EventQueue {

    private record Delivery(ConnectionId connection, String deliveryId, Instant receivedAt) {
    }

    private record Issue(ConnectionId connection, IssueKey key) {
    }

    private static final class IssueState {
        String leaseOwner;
        Instant leaseUntil;
        int attempts;
        Instant retryAt;
        String error;
        Instant parkedAt;
    }

    private final Clock clock;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<QueuedEvent> pending = new ArrayList<>();
    private final Map<Issue, IssueState> states = new LinkedHashMap<>();
    private long lastId;

    /** @param clock gives the time a failing issue is parked at */
    public CoalescingModel(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean offer(ConnectionId connection, RemoteEvent event, Instant receivedAt) {
        if (knows(connection, event.deliveryId())) {
            return false;
        }
        deliveries.add(new Delivery(connection, event.deliveryId(), receivedAt));
        pending.add(new QueuedEvent(++lastId, connection, event, receivedAt));
        return true;
    }

    @Override
    public List<EventBatch> lease(Instant now, Duration interval, Duration leaseFor, int max, String owner) {
        List<Issue> due = new ArrayList<>();
        for (QueuedEvent event : pending) {
            Issue issue = new Issue(event.connection(), event.event().key());
            if (!due.contains(issue) && isDue(issue, now, interval)) {
                due.add(issue);
            }
        }
        due.sort(Comparator.comparing((Issue issue) -> dueAt(issue, interval)).thenComparing(issue -> oldest(issue).id()));
        List<EventBatch> batches = new ArrayList<>();
        for (Issue issue : due.subList(0, Math.min(max, due.size()))) {
            IssueState state = state(issue);
            state.leaseOwner = owner;
            state.leaseUntil = now.plus(leaseFor);
            batches.add(new EventBatch(issue.connection(), issue.key(), eventsOf(issue), state.attempts, owner,
                    state.leaseUntil));
        }
        return batches;
    }

    /** When the issue became due: its oldest pending event's arrival plus the interval, or its retry time if later. */
    private Instant dueAt(Issue issue, Duration interval) {
        Instant coalesced = oldest(issue).receivedAt().plus(interval);
        Instant retryAt = state(issue).retryAt;
        return retryAt != null && retryAt.isAfter(coalesced) ? retryAt : coalesced;
    }

    private boolean isDue(Issue issue, Instant now, Duration interval) {
        IssueState state = state(issue);
        boolean leased = state.leaseUntil != null && state.leaseUntil.isAfter(now);
        boolean waiting = state.retryAt != null && state.retryAt.isAfter(now);
        boolean old = !oldest(issue).receivedAt().plus(interval).isAfter(now);
        return state.parkedAt == null && !leased && !waiting && old;
    }

    @Override
    public void complete(EventBatch batch) {
        Issue issue = new Issue(batch.connection(), batch.key());
        pending.removeIf(event -> new Issue(event.connection(), event.event().key()).equals(issue)
                && event.id() <= batch.lastEventId());
        IssueState state = state(issue);
        if (holds(state, batch)) {
            states.put(issue, new IssueState());
        }
        forgetIfIdle(issue);
    }

    private void forgetIfIdle(Issue issue) {
        IssueState state = state(issue);
        if (eventsOf(issue).isEmpty() && state.parkedAt == null && state.leaseOwner == null) {
            states.remove(issue);
        }
    }

    @Override
    public void fail(EventBatch batch, String error, Instant retryAt, int maxAttempts) {
        Issue issue = new Issue(batch.connection(), batch.key());
        IssueState state = state(issue);
        if (!holds(state, batch)) {
            return;
        }
        state.leaseOwner = null;
        state.leaseUntil = null;
        if (eventsOf(issue).isEmpty()) {
            forgetIfIdle(issue);
            return;
        }
        state.attempts++;
        state.error = error;
        if (state.attempts >= maxAttempts) {
            state.parkedAt = clock.now();
            state.retryAt = null;
        } else {
            state.retryAt = retryAt;
        }
    }

    private static boolean holds(IssueState state, EventBatch batch) {
        return Objects.equals(state.leaseOwner, batch.leaseOwner()) && Objects.equals(state.leaseUntil, batch.leaseUntil());
    }

    @Override
    public List<Parked> parked(int limit) {
        List<Parked> result = new ArrayList<>();
        states.forEach((issue, state) -> {
            if (state.parkedAt != null) {
                result.add(new Parked(issue.connection(), issue.key(), eventsOf(issue).size(), state.attempts,
                        state.error, state.parkedAt));
            }
        });
        result.sort(Comparator.comparing(Parked::parkedAt).thenComparing(p -> p.connection().value())
                .thenComparing(Parked::key));
        return result.subList(0, Math.min(limit, result.size()));
    }

    @Override
    public boolean retryParked(ConnectionId connection, IssueKey key) {
        Issue issue = new Issue(connection, key);
        IssueState state = states.get(issue);
        if (state == null || state.parkedAt == null) {
            return false;
        }
        states.put(issue, new IssueState());
        forgetIfIdle(issue);
        return true;
    }

    @Override
    public Stats stats(Instant now) {
        List<Issue> issues = new ArrayList<>();
        long events = 0;
        Instant oldest = null;
        for (QueuedEvent event : pending) {
            Issue issue = new Issue(event.connection(), event.event().key());
            if (state(issue).parkedAt != null) {
                continue;
            }
            if (!issues.contains(issue)) {
                issues.add(issue);
            }
            events++;
            if (oldest == null || event.receivedAt().isBefore(oldest)) {
                oldest = event.receivedAt();
            }
        }
        long parkedIssues = states.values().stream().filter(state -> state.parkedAt != null).count();
        return new Stats(issues.size(), events, parkedIssues, Optional.ofNullable(oldest));
    }

    @Override
    public boolean knows(ConnectionId connection, String deliveryId) {
        return deliveries.stream().anyMatch(d -> d.connection().equals(connection) && d.deliveryId().equals(deliveryId));
    }

    @Override
    public int forgetDeliveriesBefore(Instant before) {
        int size = deliveries.size();
        deliveries.removeIf(d -> d.receivedAt().isBefore(before) && pending.stream().noneMatch(
                e -> e.connection().equals(d.connection()) && e.event().deliveryId().equals(d.deliveryId())));
        return size - deliveries.size();
    }

    private List<QueuedEvent> eventsOf(Issue issue) {
        return pending.stream().filter(e -> e.connection().equals(issue.connection()) && e.event().key().equals(issue.key()))
                .toList();
    }

    private QueuedEvent oldest(Issue issue) {
        return eventsOf(issue).get(0);
    }

    private IssueState state(Issue issue) {
        return states.computeIfAbsent(issue, i -> new IssueState());
    }
}
