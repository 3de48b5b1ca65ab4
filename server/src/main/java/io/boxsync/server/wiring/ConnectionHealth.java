package io.boxsync.server.wiring;

import io.boxsync.connector.ConnectorException;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The health of each connection as sync observes it: every call a connector makes to its tool reports its outcome
 * here (see {@link ObservedConnector}), so the health an admin sees is what sync actually lives through, not only an
 * on-demand probe. A call that reached the tool and got an answer (even a refusal of one issue or account) counts
 * as a success; a transient failure (timeout, 5xx, 429, unreadable answer, already retried by the connector) makes
 * the connection {@link State#DEGRADED} - sync keeps its events and retries with backoff; the technical user
 * refused (401) or a request the tool calls invalid makes it {@link State#DOWN} until a call succeeds again.
 *
 * <p>Thread-safe: observations may come from every sync thread at once; each connection's status is replaced
 * atomically. Never {@code null} in or out.
 */
public final class ConnectionHealth {
    /** A connection's health. */
    public enum State {
        /** Nothing observed since the server started. */
        UNKNOWN,
        /** The last call reached the tool. */
        UP,
        /** Recent calls failed transiently; sync retries with backoff. */
        DEGRADED,
        /** The tool refused the technical user or the configuration; an admin must act. */
        DOWN
    }

    /**
     * What is known of one connection.
     *
     * @param since               when the current state began (null while UNKNOWN)
     * @param lastSuccessAt       the last call that reached the tool, or null
     * @param lastFailureAt       the last failed call, or null
     * @param failureKind         the kind of the last failure ({@link ConnectorException.Kind}), empty if none
     * @param detail              why the state is not UP, in words; empty when UP
     * @param consecutiveFailures failed calls since the last success (the backoff depth)
     * @param retryAfter          how long the tool last asked us to wait, if it said
     */
    public record Status(State state, Instant since, Instant lastSuccessAt, Instant lastFailureAt, String failureKind,
                         String detail, int consecutiveFailures, Optional<Duration> retryAfter) {
        public Status {
            Objects.requireNonNull(state, "state");
            failureKind = failureKind == null ? "" : failureKind;
            detail = detail == null ? "" : detail;
            retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        static final Status UNKNOWN = new Status(State.UNKNOWN, null, null, null, "", "", 0, Optional.empty());

        /** The gauge value: 1 up, 0.5 degraded, 0 down, -1 unknown. */
        double gaugeValue() {
            return switch (state) {
                case UP -> 1;
                case DEGRADED -> 0.5;
                case DOWN -> 0;
                case UNKNOWN -> -1;
            };
        }
    }

    private final Clock clock;
    private final ConcurrentMap<ConnectionId, Status> statuses = new ConcurrentHashMap<>();
    private final Set<ConnectionId> gauged = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    public ConnectionHealth(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The connection's status; {@link State#UNKNOWN} when no call was observed. */
    public Status status(ConnectionId id) {
        return statuses.getOrDefault(id, Status.UNKNOWN);
    }

    /** A call reached the tool and was answered. */
    public void succeeded(ConnectionId id) {
        Instant now = clock.now();
        Status updated = statuses.compute(id, (key, old) -> {
            if (old != null && old.state() == State.UP) {
                return new Status(State.UP, old.since(), now, old.lastFailureAt(), old.failureKind(), "", 0,
                        Optional.empty());
            }
            Instant lastFailure = old == null ? null : old.lastFailureAt();
            String kind = old == null ? "" : old.failureKind();
            return new Status(State.UP, now, now, lastFailure, kind, "", 0, Optional.empty());
        });
        gaugeFor(id, updated);
    }

    /**
     * A call failed.
     *
     * @param asTechnicalUser whether the call ran as the connection's technical user (an AUTH refusal of a person's
     *                        own account says nothing about the connection)
     */
    public void failed(ConnectionId id, ConnectorException failure, boolean asTechnicalUser) {
        State state = stateAfter(failure, asTechnicalUser);
        if (state == State.UP) {
            succeeded(id);
            return;
        }
        Instant now = clock.now();
        String detail = describe(failure);
        Status updated = statuses.compute(id, (key, old) -> {
            boolean sameState = old != null && old.state() == state;
            int failures = old == null ? 1 : old.consecutiveFailures() + 1;
            return new Status(state, sameState ? old.since() : now, old == null ? null : old.lastSuccessAt(), now,
                    failure.kind().name(), detail, failures, failure.retryAfter());
        });
        gaugeFor(id, updated);
    }

    /**
     * Publishes a gauge {@code boxsync.connection.health} per connection (1 up, 0.5 degraded, 0 down, -1 unknown)
     * and {@code boxsync.connection.consecutive.failures}, for connections observed now and later.
     */
    public void bindTo(MeterRegistry meters) {
        this.registry = Objects.requireNonNull(meters, "meters");
        gauged.clear();
        statuses.forEach(this::gaugeFor);
    }

    private void gaugeFor(ConnectionId id, Status ignored) {
        MeterRegistry meters = registry;
        if (meters == null || !gauged.add(id)) {
            return;
        }
        String tag = String.valueOf(id.value());
        Gauge.builder("boxsync.connection.health", this, h -> h.status(id).gaugeValue())
                .description("Connection health as sync observes it: 1 up, 0.5 degraded, 0 down, -1 unknown")
                .tag("connection", tag).register(meters);
        Gauge.builder("boxsync.connection.consecutive.failures", this, h -> h.status(id).consecutiveFailures())
                .description("Failed tool calls since the last success").tag("connection", tag).register(meters);
    }

    private static State stateAfter(ConnectorException failure, boolean asTechnicalUser) {
        return switch (failure.kind()) {
            case TRANSIENT, INVALID_RESPONSE -> State.DEGRADED;
            case AUTH -> asTechnicalUser ? State.DOWN : State.UP;
            case CONFIGURATION -> State.DOWN;
            case PERMISSION, NOT_FOUND, CONFLICT -> State.UP;
        };
    }

    private static String describe(ConnectorException failure) {
        String what = switch (failure.kind()) {
            case TRANSIENT -> "The tool did not answer or answered with a temporary error; sync retries with backoff";
            case INVALID_RESPONSE -> "The tool answered something unreadable; sync retries with backoff";
            case AUTH -> "The tool refused the technical user's credentials; fix the connection";
            case CONFIGURATION -> "The tool refused a request as invalid; check the URL, field mapping and scopes";
            default -> "The tool refused";
        };
        String status = failure.status() > 0 ? " (HTTP " + failure.status() + ")" : "";
        return what + status + ": " + failure.getMessage();
    }
}
