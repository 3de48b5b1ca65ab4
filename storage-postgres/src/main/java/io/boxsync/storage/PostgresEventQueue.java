package io.boxsync.storage;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.EventBatch;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.port.QueuedEvent;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

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
 * The inbound event queue on PostgreSQL. One {@code event_issues} row per issue with pending events (its lease,
 * attempts and parking), the events in {@code inbound_events}, and the de-duplication memory in
 * {@code delivery_ids}, which outlives the events. Offers for one issue serialize on its {@code event_issues} row,
 * and leasing skips locked rows, so a lease never misses an event that is being offered.
 */
final class PostgresEventQueue implements EventQueue {
    private static final int MAX_ERROR_LENGTH = 4000;
    private static final RowMapper<QueuedEvent> EVENT = (rs, ctx) -> new QueuedEvent(rs.getLong("id"),
            ConnectionId.of(rs.getLong("connection_id")),
            new RemoteEvent(rs.getString("delivery_id"), RemoteEvent.Type.valueOf(rs.getString("type")),
                    IssueKey.of(rs.getString("issue_key")), Rows.instant(rs, "occurred_at"),
                    rs.getString("actor_account_id"), rs.getString("actor_name"), rs.getString("write_id")),
            Rows.instant(rs, "received_at"));

    private final Handle handle;

    PostgresEventQueue(Handle handle) {
        this.handle = handle;
    }

    @Override
    public boolean offer(ConnectionId connection, RemoteEvent event, Instant receivedAt) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(receivedAt, "receivedAt");
        int fresh = handle.createUpdate("INSERT INTO delivery_ids (connection_id, delivery_id, received_at)"
                        + " VALUES (:connection, :delivery, :at) ON CONFLICT DO NOTHING")
                .bind("connection", connection.value()).bind("delivery", event.deliveryId())
                .bind("at", Rows.at(receivedAt)).execute();
        if (fresh == 0) {
            return false;
        }
        long issueId = handle.createQuery("INSERT INTO event_issues (connection_id, issue_key, first_received_at)"
                        + " VALUES (:connection, :key, :at) ON CONFLICT (connection_id, issue_key) DO UPDATE"
                        + " SET first_received_at = CASE WHEN EXISTS (SELECT 1 FROM inbound_events e"
                        + " WHERE e.issue_id = event_issues.id)"
                        + " THEN LEAST(event_issues.first_received_at, excluded.first_received_at)"
                        + " ELSE excluded.first_received_at END"
                        + " RETURNING id")
                .bind("connection", connection.value()).bind("key", event.key().value())
                .bind("at", Rows.at(receivedAt)).mapTo(Long.class).one();
        handle.createUpdate("INSERT INTO inbound_events (issue_id, connection_id, delivery_id, type, issue_key,"
                        + " occurred_at, actor_account_id, actor_name, write_id, received_at) VALUES (:issue,"
                        + " :connection, :delivery, :type, :key, :occurred, :actorId, :actorName, :writeId, :at)")
                .bind("issue", issueId).bind("connection", connection.value())
                .bind("delivery", event.deliveryId()).bind("type", event.type().name())
                .bind("key", event.key().value()).bind("occurred", Rows.at(event.occurredAt()))
                .bind("actorId", event.actorAccountId()).bind("actorName", event.actorName())
                .bind("writeId", event.writeId()).bind("at", Rows.at(receivedAt))
                .execute();
        return true;
    }

    private record DeliveryRef(long connection, String delivery) {
    }

    /**
     * One statement for the whole list, so that a group of deliveries costs one round trip plus its commit. Of
     * several offers with the same delivery id only the first is a candidate; PostgreSQL says which candidates were
     * new (delivery id not known), and only those are queued: one upsert per issue, then the events in list order.
     * Delivery ids and issue records are written in key order, so concurrent writers wait for each other in the
     * same order and never deadlock.
     */
    @Override
    public List<Boolean> offerAll(List<Offer> offers) {
        if (offers.isEmpty()) {
            return List.of();
        }
        Map<DeliveryRef, Integer> firstOffer = new LinkedHashMap<>();
        for (int i = 0; i < offers.size(); i++) {
            Offer offer = offers.get(i);
            firstOffer.putIfAbsent(new DeliveryRef(offer.connection().value(), offer.event().deliveryId()), i);
        }
        List<Offer> candidates = firstOffer.values().stream().map(offers::get).toList();
        java.util.Set<DeliveryRef> inserted = new java.util.HashSet<>(handle.createQuery(
                        "WITH input AS (SELECT * FROM unnest(:connections, :deliveries, :types, :keys, :occurred,"
                        + " :actorIds, :actorNames, :writeIds, :ats) WITH ORDINALITY"
                        + " AS u(c, d, t, k, o, ai, an, w, a, n)),"
                        + " fresh AS (INSERT INTO delivery_ids (connection_id, delivery_id, received_at)"
                        + " SELECT c, d, a::timestamptz FROM input ORDER BY c, d"
                        + " ON CONFLICT DO NOTHING RETURNING connection_id, delivery_id),"
                        + " queued AS (SELECT input.* FROM input JOIN fresh"
                        + " ON fresh.connection_id = input.c AND fresh.delivery_id = input.d),"
                        + " issues AS (INSERT INTO event_issues (connection_id, issue_key, first_received_at)"
                        + " SELECT c, k, min(a::timestamptz) FROM queued GROUP BY c, k ORDER BY c, k"
                        + " ON CONFLICT (connection_id, issue_key) DO UPDATE"
                        + " SET first_received_at = CASE WHEN EXISTS (SELECT 1 FROM inbound_events e"
                        + " WHERE e.issue_id = event_issues.id)"
                        + " THEN LEAST(event_issues.first_received_at, excluded.first_received_at)"
                        + " ELSE excluded.first_received_at END"
                        + " RETURNING id, connection_id, issue_key),"
                        + " events AS (INSERT INTO inbound_events (issue_id, connection_id, delivery_id, type,"
                        + " issue_key, occurred_at, actor_account_id, actor_name, write_id, received_at)"
                        + " SELECT issues.id, q.c, q.d, q.t, q.k, q.o::timestamptz, q.ai, q.an, q.w, q.a::timestamptz"
                        + " FROM queued q JOIN issues ON issues.connection_id = q.c AND issues.issue_key = q.k"
                        + " ORDER BY q.n RETURNING 1)"
                        + " SELECT connection_id, delivery_id FROM fresh")
                .bindArray("connections", Long.class, candidates.stream().map(o -> o.connection().value()).toList())
                .bindArray("deliveries", String.class, texts(candidates, o -> o.event().deliveryId()))
                .bindArray("types", String.class, texts(candidates, o -> o.event().type().name()))
                .bindArray("keys", String.class, texts(candidates, o -> o.event().key().value()))
                .bindArray("occurred", String.class, texts(candidates, o -> o.event().occurredAt().toString()))
                .bindArray("actorIds", String.class, texts(candidates, o -> o.event().actorAccountId()))
                .bindArray("actorNames", String.class, texts(candidates, o -> o.event().actorName()))
                .bindArray("writeIds", String.class, texts(candidates, o -> o.event().writeId()))
                .bindArray("ats", String.class, texts(candidates, o -> o.receivedAt().toString()))
                .map((rs, ctx) -> new DeliveryRef(rs.getLong(1), rs.getString(2))).list());
        List<Boolean> fresh = new ArrayList<>(offers.size());
        for (int i = 0; i < offers.size(); i++) {
            Offer offer = offers.get(i);
            DeliveryRef ref = new DeliveryRef(offer.connection().value(), offer.event().deliveryId());
            fresh.add(firstOffer.get(ref) == i && inserted.contains(ref));
        }
        return fresh;
    }

    private static Object[] texts(List<Offer> offers, java.util.function.Function<Offer, String> value) {
        Object[] texts = new String[offers.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = value.apply(offers.get(i));
        }
        return texts;
    }

    private record LeasedIssue(long id, ConnectionId connection, IssueKey key, int attempts, Instant due) {
    }

    @Override
    public List<EventBatch> lease(Instant now, Duration interval, Duration leaseFor, int max, String owner) {
        Objects.requireNonNull(owner, "owner");
        if (max <= 0) {
            return List.of();
        }
        Instant until = now.plus(leaseFor);
        double intervalSeconds = interval.toNanos() / 1e9;
        List<LeasedIssue> issues = handle.createQuery("UPDATE event_issues SET lease_owner = :owner,"
                        + " lease_until = :until WHERE id IN (SELECT id FROM event_issues WHERE NOT parked"
                        + " AND EXISTS (SELECT 1 FROM inbound_events e WHERE e.issue_id = event_issues.id)"
                        + " AND first_received_at <= :dueBefore AND (lease_until IS NULL OR lease_until <= :now)"
                        + " AND (next_attempt_at IS NULL OR next_attempt_at <= :now)"
                        + " ORDER BY GREATEST(first_received_at + make_interval(secs => :interval),"
                        + " COALESCE(next_attempt_at, '-infinity')),"
                        + " (SELECT min(e.id) FROM inbound_events e WHERE e.issue_id = event_issues.id)"
                        + " LIMIT :max FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, connection_id, issue_key, attempts, GREATEST(first_received_at"
                        + " + make_interval(secs => :interval), COALESCE(next_attempt_at, '-infinity')) AS due")
                .bind("owner", owner).bind("until", Rows.at(until)).bind("now", Rows.at(now))
                .bind("dueBefore", Rows.at(now.minus(interval))).bind("interval", intervalSeconds)
                .bind("max", max)
                .map((rs, ctx) -> new LeasedIssue(rs.getLong("id"), ConnectionId.of(rs.getLong("connection_id")),
                        IssueKey.of(rs.getString("issue_key")), rs.getInt("attempts"), Rows.instant(rs, "due")))
                .list();
        if (issues.isEmpty()) {
            return List.of();
        }
        Map<Long, List<QueuedEvent>> events = new LinkedHashMap<>();
        handle.createQuery("SELECT * FROM inbound_events WHERE issue_id = ANY(:ids) ORDER BY id")
                .bindArray("ids", Long.class, issues.stream().map(LeasedIssue::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getLong("issue_id"), EVENT.map(rs, ctx)))
                .forEach(e -> events.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        List<EventBatch> batches = new ArrayList<>();
        issues.stream().sorted(Comparator.comparing(LeasedIssue::due).thenComparingLong(issue ->
                        events.getOrDefault(issue.id(), List.of()).stream().mapToLong(QueuedEvent::id).min()
                                .orElse(Long.MAX_VALUE)))
                .forEach(issue -> {
                    List<QueuedEvent> pending = events.getOrDefault(issue.id(), List.of());
                    if (pending.isEmpty()) {
                        handle.createUpdate("DELETE FROM event_issues WHERE id = :id").bind("id", issue.id()).execute();
                    } else {
                        batches.add(new EventBatch(issue.connection(), issue.key(), pending, issue.attempts(), owner,
                                until));
                    }
                });
        return batches;
    }

    @Override
    public void complete(EventBatch batch) {
        Optional<Long> issueId = lockIssue(batch.connection(), batch.key());
        if (issueId.isEmpty()) {
            return;
        }
        long id = issueId.get();
        handle.createUpdate("DELETE FROM inbound_events WHERE issue_id = :issue AND id = ANY(:ids)")
                .bind("issue", id)
                .bindArray("ids", Long.class, batch.events().stream().map(QueuedEvent::id).toList())
                .execute();
        Optional<Instant> oldestLeft = handle.createQuery("SELECT min(received_at) AS oldest FROM inbound_events"
                        + " WHERE issue_id = :issue")
                .bind("issue", id).map((rs, ctx) -> Optional.ofNullable(Rows.instant(rs, "oldest"))).one();
        if (oldestLeft.isEmpty()) {
            // Nothing left: forget the issue, unless another worker holds a lease on it (this one's had expired)
            // or it is parked; new events then join that worker's record instead of starting a second one.
            handle.createUpdate("DELETE FROM event_issues WHERE id = :issue AND NOT parked AND (lease_owner IS NULL"
                            + " OR (lease_owner IS NOT DISTINCT FROM :owner AND lease_until IS NOT DISTINCT FROM :until))")
                    .bind("issue", id).bind("owner", batch.leaseOwner())
                    .bind("until", batch.leaseUntil() == null ? null : Rows.at(batch.leaseUntil()))
                    .execute();
            return;
        }
        // Later arrivals are a fresh batch, due from their own arrival. Only the lease's holder resets the record of
        // attempts and releases the lease; a worker whose lease expired has removed its events and nothing more.
        String holds = "(lease_owner IS NOT DISTINCT FROM :owner AND lease_until IS NOT DISTINCT FROM :until)";
        handle.createUpdate("UPDATE event_issues SET first_received_at = :oldest,"
                        + " attempts = CASE WHEN " + holds + " THEN 0 ELSE attempts END,"
                        + " next_attempt_at = CASE WHEN " + holds + " THEN NULL ELSE next_attempt_at END,"
                        + " error = CASE WHEN " + holds + " THEN NULL ELSE error END,"
                        + " lease_owner = CASE WHEN " + holds + " THEN NULL ELSE lease_owner END,"
                        + " lease_until = CASE WHEN " + holds + " THEN NULL ELSE lease_until END"
                        + " WHERE id = :issue")
                .bind("issue", id).bind("oldest", Rows.at(oldestLeft.get())).bind("owner", batch.leaseOwner())
                .bind("until", batch.leaseUntil() == null ? null : Rows.at(batch.leaseUntil()))
                .execute();
    }

    @Override
    public void fail(EventBatch batch, String error, Instant retryAt, int maxAttempts) {
        Objects.requireNonNull(retryAt, "retryAt");
        String message = error == null ? "" : error;
        if (message.length() > MAX_ERROR_LENGTH) {
            message = message.substring(0, MAX_ERROR_LENGTH);
        }
        Optional<Long> issueId = lockIssue(batch.connection(), batch.key());
        if (issueId.isEmpty()) {
            return;
        }
        // A stale worker completed every event meanwhile: nothing failed that is still pending, so the issue is
        // forgotten (as a completion would) instead of carrying an attempt into its next, unrelated events.
        boolean anyLeft = handle.createQuery("SELECT EXISTS (SELECT 1 FROM inbound_events WHERE issue_id = :issue)")
                .bind("issue", issueId.get()).mapTo(Boolean.class).one();
        if (!anyLeft) {
            handle.createUpdate("DELETE FROM event_issues WHERE id = :issue AND NOT parked"
                            + " AND lease_owner IS NOT DISTINCT FROM :owner AND lease_until IS NOT DISTINCT FROM :until")
                    .bind("issue", issueId.get()).bind("owner", batch.leaseOwner())
                    .bind("until", batch.leaseUntil() == null ? null : Rows.at(batch.leaseUntil()))
                    .execute();
            return;
        }
        handle.createUpdate("UPDATE event_issues SET attempts = attempts + 1, error = :error,"
                        + " next_attempt_at = :retryAt, parked = (attempts + 1 >= :max),"
                        + " parked_at = CASE WHEN attempts + 1 >= :max THEN now() ELSE NULL END,"
                        + " lease_owner = NULL, lease_until = NULL"
                        + " WHERE connection_id = :connection AND issue_key = :key"
                        + " AND lease_owner IS NOT DISTINCT FROM :owner AND lease_until IS NOT DISTINCT FROM :until")
                .bind("error", message).bind("retryAt", Rows.at(retryAt)).bind("max", maxAttempts)
                .bind("connection", batch.connection().value()).bind("key", batch.key().value())
                .bind("owner", batch.leaseOwner())
                .bind("until", batch.leaseUntil() == null ? null : Rows.at(batch.leaseUntil()))
                .execute();
    }

    private Optional<Long> lockIssue(ConnectionId connection, IssueKey key) {
        return handle.createQuery("SELECT id FROM event_issues WHERE connection_id = :connection AND issue_key = :key"
                        + " FOR UPDATE")
                .bind("connection", connection.value()).bind("key", key.value()).mapTo(Long.class).findOne();
    }

    @Override
    public List<Parked> parked(int limit) {
        return handle.createQuery("SELECT i.*, (SELECT count(*) FROM inbound_events e WHERE e.issue_id = i.id) AS events"
                        + " FROM event_issues i WHERE parked ORDER BY parked_at, id LIMIT :limit")
                .bind("limit", Math.max(0, limit))
                .map((rs, ctx) -> new Parked(ConnectionId.of(rs.getLong("connection_id")),
                        IssueKey.of(rs.getString("issue_key")), rs.getInt("events"), rs.getInt("attempts"),
                        rs.getString("error"), Rows.instant(rs, "parked_at")))
                .list();
    }

    @Override
    public boolean retryParked(ConnectionId connection, IssueKey key) {
        return handle.createUpdate("UPDATE event_issues SET parked = false, parked_at = NULL, attempts = 0,"
                        + " next_attempt_at = NULL, error = NULL, lease_owner = NULL, lease_until = NULL"
                        + " WHERE connection_id = :connection AND issue_key = :key AND parked")
                .bind("connection", connection.value()).bind("key", key.value()).execute() > 0;
    }

    @Override
    public Stats stats(Instant now) {
        return handle.createQuery("SELECT"
                        + " (SELECT count(DISTINCT e.issue_id) FROM inbound_events e JOIN event_issues i"
                        + "   ON i.id = e.issue_id WHERE NOT i.parked) AS pending_issues,"
                        + " (SELECT count(*) FROM inbound_events e JOIN event_issues i ON i.id = e.issue_id"
                        + "   WHERE NOT i.parked) AS pending_events,"
                        + " (SELECT count(*) FROM event_issues WHERE parked) AS parked_issues,"
                        + " (SELECT min(e.received_at) FROM inbound_events e JOIN event_issues i ON i.id = e.issue_id"
                        + "   WHERE NOT i.parked) AS oldest")
                .map((rs, ctx) -> new Stats(rs.getLong("pending_issues"), rs.getLong("pending_events"),
                        rs.getLong("parked_issues"), Optional.ofNullable(Rows.instant(rs, "oldest"))))
                .one();
    }

    @Override
    public boolean knows(ConnectionId connection, String deliveryId) {
        return handle.createQuery("SELECT EXISTS (SELECT 1 FROM delivery_ids WHERE connection_id = :connection"
                        + " AND delivery_id = :delivery)")
                .bind("connection", connection.value()).bind("delivery", deliveryId).mapTo(Boolean.class).one();
    }

    @Override
    public int forgetDeliveriesBefore(Instant before) {
        return handle.createUpdate("DELETE FROM delivery_ids d WHERE d.received_at < :before AND NOT EXISTS"
                        + " (SELECT 1 FROM inbound_events e WHERE e.connection_id = d.connection_id"
                        + " AND e.delivery_id = d.delivery_id)")
                .bind("before", Rows.at(before)).execute();
    }
}
