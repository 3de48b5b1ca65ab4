package io.boxsync.core.sync;

import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import io.boxsync.core.domain.ConnectionId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * S4 intake: verified tool events go into the durable queue, de-duplicated by delivery id. Nothing else happens on
 * the request thread, so a webhook is answered fast; {@link RemoteEventProcessor} does the work. Thread-safe.
 */
public final class WebhookIntake {
    private final SyncEnvironment env;

    public WebhookIntake(SyncEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** Queues events of the connection in one transaction; returns how many were new (not duplicates). */
    public int accept(ConnectionId connection, RemoteEvent... events) {
        return accept(connection, List.of(events));
    }

    /** Queues events of the connection in one transaction; returns how many were new (not duplicates). */
    public int accept(ConnectionId connection, List<RemoteEvent> events) {
        Objects.requireNonNull(connection, "connection");
        Instant now = env.clock().now();
        return env.tx().inTransaction(s -> {
            int fresh = 0;
            for (RemoteEvent event : events) {
                if (s.events().offer(connection, event, now)) {
                    fresh++;
                }
            }
            return fresh;
        });
    }

    /**
     * Verifies and decodes a webhook delivery with the connection's decoder, then queues its events.
     *
     * @throws WebhookException when the delivery is unsigned, forged or malformed: nothing of it is stored
     */
    public int accept(ConnectionId connection, WebhookRequest request) {
        List<RemoteEvent> events = env.connectors().connector(connection).webhooks().verifyAndDecode(request);
        return accept(connection, events);
    }
}
