package io.boxsync.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The behaviour every {@link EventQueue} must have, checked against {@link CoalescingModel} under random sequences
 * of offer / lease / complete / fail / clock advance / crash (a lease owner that disappears) / retry of parked
 * issues / forgetting of old delivery ids.
 *
 * <p>To check a queue, extend this class and return a fresh, empty queue from {@link #newQueue(Clock)} (a durable
 * queue: truncate its tables there). Times are whole seconds, so stores with microsecond precision compare equal.
 * A queue may stamp {@code parkedAt} with its own clock; parked issues are compared without it.
 */
public abstract class EventQueueContract {

    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Duration LEASE_FOR = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 3;
    static final List<String> OWNERS = List.of("worker-1", "worker-2", "worker-3");

    /** A new, empty queue that takes its time from {@code clock}. */
    protected abstract EventQueue newQueue(Clock clock);

    @Property(tries = 150)
    void theQueueBehavesLikeTheReferenceModelAndLosesNothing(@ForAll("sequences") ActionChain<World> chain) {
        chain.withInvariant("same observable state as the model", World::sameAsModel)
                .withInvariant("every accepted event is pending, parked or completed", World::nothingLost)
                .run();
    }

    @Provide
    Arbitrary<ActionChain<World>> sequences() {
        return ActionChain.<World>startWith(() -> new World(this::newQueue))
                .withAction(4, new Offer())
                .withAction(2, new OfferGroup())
                .withAction(3, new Lease())
                .withAction(2, new Complete())
                .withAction(2, new Fail())
                .withAction(2, new Advance())
                .withAction(1, new Crash())
                .withAction(1, new RetryParked())
                .withAction(1, new Forget())
                .withMaxTransformations(50);
    }

    /** What a batch means, without storage ids. */
    record BatchView(ConnectionId connection, IssueKey key, List<String> deliveryIds, int attempts, String owner,
                     Instant leaseUntil) {
        static BatchView of(EventBatch batch) {
            return new BatchView(batch.connection(), batch.key(),
                    batch.events().stream().map(e -> e.event().deliveryId()).toList(), batch.attempts(),
                    batch.leaseOwner(), batch.leaseUntil());
        }
    }

    /** One accepted event; the write id field carries a number unique per offer, as delivery ids may repeat. */
    record Delivery(ConnectionId connection, String deliveryId, String offerNumber) {
        static Delivery of(QueuedEvent event) {
            return new Delivery(event.connection(), event.event().deliveryId(), event.event().writeId());
        }
    }

    record Held(ConnectionId connection, IssueKey key, Instant until, EventBatch batch, EventBatch modelBatch) {
    }

    /** The queue under test, the model, and what the test knows happened. */
    static final class World {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        int offers;
        final EventQueue queue;
        final CoalescingModel model;
        final List<Held> outstanding = new ArrayList<>();
        final List<Held> liveLeases = new ArrayList<>();
        final Set<Delivery> accepted = new HashSet<>();
        final Set<Delivery> completed = new HashSet<>();

        World(java.util.function.Function<Clock, EventQueue> factory) {
            Clock clock = () -> now;
            this.queue = factory.apply(clock);
            this.model = new CoalescingModel(clock);
        }

        void sameAsModel() {
            assertThat(queue.stats(now)).isEqualTo(model.stats(now));
            assertThat(parkedWithoutTime(queue)).isEqualTo(parkedWithoutTime(model));
        }

        void nothingLost() {
            long inQueue = queue.stats(now).pendingEvents()
                    + queue.parked(Integer.MAX_VALUE).stream().mapToLong(EventQueue.Parked::events).sum();
            Set<Delivery> notCompleted = new HashSet<>(accepted);
            notCompleted.removeAll(completed);
            assertThat(inQueue).isEqualTo(notCompleted.size());
        }

        private static List<String> parkedWithoutTime(EventQueue q) {
            return q.parked(Integer.MAX_VALUE).stream()
                    .map(p -> p.connection() + "/" + p.key() + " events=" + p.events() + " attempts=" + p.attempts()
                            + " error=" + p.error())
                    .sorted().toList();
        }
    }

    static final class Offer implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            Arbitrary<Integer> connection = Arbitraries.integers().between(1, 2);
            Arbitrary<String> key = Arbitraries.of("PRJ-1", "PRJ-2", "PRJ-3", "PRJ-10");
            Arbitrary<String> delivery = Arbitraries.integers().between(1, 40).map(i -> "d" + i);
            Arbitrary<Integer> skew = Arbitraries.integers().between(-100, 100);
            Arbitrary<String> actor = Arbitraries.of("alice", "bob", null);
            return Combinators.combine(connection, key, delivery, skew, actor).as((c, k, d, s, a) ->
                    Transformer.mutate("offer " + d + " " + k + "@" + c, world -> {
                        ConnectionId conn = ConnectionId.of(c);
                        RemoteEvent event = new RemoteEvent(d, RemoteEvent.Type.UPDATED, IssueKey.of(k),
                                world.now.plusSeconds(s), a, a, "offer-" + (++world.offers));
                        boolean expected = world.model.offer(conn, event, world.now);
                        assertThat(world.queue.offer(conn, event, world.now)).isEqualTo(expected);
                        if (expected) {
                            world.accepted.add(new Delivery(conn, d, event.writeId()));
                        }
                    }));
        }
    }

    /** Several offers at once through {@link EventQueue#offerAll}, delivery ids possibly repeating inside the group. */
    static final class OfferGroup implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            Arbitrary<Integer> connection = Arbitraries.integers().between(1, 2);
            Arbitrary<String> key = Arbitraries.of("PRJ-1", "PRJ-2", "PRJ-3", "PRJ-10");
            Arbitrary<String> delivery = Arbitraries.integers().between(1, 40).map(i -> "d" + i);
            Arbitrary<Integer> skew = Arbitraries.integers().between(-100, 100);
            Arbitrary<List<Object[]>> group = Combinators.combine(connection, key, delivery, skew)
                    .as((c, k, d, s) -> new Object[] {c, k, d, s}).list().ofMinSize(1).ofMaxSize(6);
            return group.map(parts -> Transformer.mutate("offer group of " + parts.size() + " "
                    + parts.stream().map(p -> p[2] + " " + p[1] + "@" + p[0]).toList(), world -> {
                        List<EventQueue.Offer> offers = new ArrayList<>();
                        for (Object[] p : parts) {
                            RemoteEvent event = new RemoteEvent((String) p[2], RemoteEvent.Type.UPDATED,
                                    IssueKey.of((String) p[1]), world.now.plusSeconds((Integer) p[3]), "alice",
                                    "Alice", "offer-" + (++world.offers));
                            offers.add(new EventQueue.Offer(ConnectionId.of((Integer) p[0]), event, world.now));
                        }
                        List<Boolean> expected = new ArrayList<>();
                        for (EventQueue.Offer offer : offers) {
                            expected.add(world.model.offer(offer.connection(), offer.event(), offer.receivedAt()));
                        }
                        assertThat(world.queue.offerAll(offers)).isEqualTo(expected);
                        for (int i = 0; i < offers.size(); i++) {
                            if (expected.get(i)) {
                                EventQueue.Offer offer = offers.get(i);
                                world.accepted.add(new Delivery(offer.connection(), offer.event().deliveryId(),
                                        offer.event().writeId()));
                            }
                        }
                    }));
        }
    }

    static final class Lease implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Combinators.combine(Arbitraries.of(OWNERS), Arbitraries.integers().between(1, 3)).as((owner, max) ->
                    Transformer.mutate("lease " + max + " by " + owner, world -> {
                        List<String> parked = world.queue.parked(Integer.MAX_VALUE).stream()
                                .map(p -> p.connection() + "/" + p.key()).toList();
                        List<EventBatch> expected = world.model.lease(world.now, INTERVAL, LEASE_FOR, max, owner);
                        List<EventBatch> actual = world.queue.lease(world.now, INTERVAL, LEASE_FOR, max, owner);
                        assertThat(actual.stream().map(BatchView::of).toList())
                                .isEqualTo(expected.stream().map(BatchView::of).toList());
                        assertThat(actual).as("parked issues are never leased")
                                .noneMatch(b -> parked.contains(b.connection() + "/" + b.key()));
                        for (int i = 0; i < actual.size(); i++) {
                            EventBatch batch = actual.get(i);
                            assertThat(world.liveLeases).noneMatch(held -> held.connection().equals(batch.connection())
                                    && held.key().equals(batch.key()) && held.until().isAfter(world.now));
                            RemoteEvent latest = batch.latest();
                            assertThat(batch.events()).map(QueuedEvent::event)
                                    .allMatch(e -> !e.occurredAt().isAfter(latest.occurredAt()));
                            Held held = new Held(batch.connection(), batch.key(), batch.leaseUntil(), batch,
                                    expected.get(i));
                            world.outstanding.add(held);
                            world.liveLeases.add(held);
                        }
                    }));
        }
    }

    static final class Complete implements Action.Dependent<World> {
        @Override
        public boolean precondition(World world) {
            return !world.outstanding.isEmpty();
        }

        @Override
        public Arbitrary<Transformer<World>> transformer(World world) {
            return Arbitraries.integers().between(0, world.outstanding.size() - 1).map(i ->
                    Transformer.mutate("complete batch " + i, w -> {
                        Held held = w.outstanding.remove((int) i);
                        w.liveLeases.remove(held);
                        w.model.complete(held.modelBatch());
                        w.queue.complete(held.batch());
                        held.batch().events().forEach(e -> w.completed.add(Delivery.of(e)));
                    }));
        }
    }

    static final class Fail implements Action.Dependent<World> {
        @Override
        public boolean precondition(World world) {
            return !world.outstanding.isEmpty();
        }

        @Override
        public Arbitrary<Transformer<World>> transformer(World world) {
            return Combinators.combine(Arbitraries.integers().between(0, world.outstanding.size() - 1),
                    Arbitraries.integers().between(0, 20)).as((i, delay) ->
                    Transformer.mutate("fail batch " + i + ", retry in " + delay + "s", w -> {
                        Held held = w.outstanding.remove((int) i);
                        w.liveLeases.remove(held);
                        Instant retryAt = w.now.plusSeconds(delay);
                        w.model.fail(held.modelBatch(), "boom " + i, retryAt, MAX_ATTEMPTS);
                        w.queue.fail(held.batch(), "boom " + i, retryAt, MAX_ATTEMPTS);
                    }));
        }
    }

    static final class Advance implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Arbitraries.integers().between(1, 40).map(s ->
                    Transformer.mutate("advance " + s + "s", w -> w.now = w.now.plusSeconds(s)));
        }
    }

    static final class Crash implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Arbitraries.of(OWNERS).map(owner ->
                    Transformer.mutate("crash of " + owner, w ->
                            w.outstanding.removeIf(held -> held.batch().leaseOwner().equals(owner))));
        }
    }

    static final class RetryParked implements Action.Dependent<World> {
        @Override
        public boolean precondition(World world) {
            return !world.model.parked(1).isEmpty();
        }

        @Override
        public Arbitrary<Transformer<World>> transformer(World world) {
            return Arbitraries.of(world.model.parked(Integer.MAX_VALUE)).map(p ->
                    Transformer.mutate("retry parked " + p.key() + "@" + p.connection(), w -> {
                        assertThat(w.model.retryParked(p.connection(), p.key())).isTrue();
                        assertThat(w.queue.retryParked(p.connection(), p.key())).isTrue();
                        assertThat(w.queue.retryParked(p.connection(), p.key())).isFalse();
                    }));
        }
    }

    static final class Forget implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Arbitraries.integers().between(0, 120).map(s ->
                    Transformer.mutate("forget deliveries older than " + s + "s", w -> {
                        Instant before = w.now.minusSeconds(s);
                        assertThat(w.queue.forgetDeliveriesBefore(before)).isEqualTo(w.model.forgetDeliveriesBefore(before));
                    }));
        }
    }
}
