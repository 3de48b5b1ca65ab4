package io.boxsync.core.sync;

import io.boxsync.connector.Connector;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.ConnectionId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event source of tools without webhooks (Redmine): reads, as the technical user, the issues of every own-scope
 * scope on the connection updated since the last poll, and offers each as a {@link RemoteEvent} to the queue with
 * delivery id {@code key@updated}, so a re-read issue is dropped as a duplicate. The polling position lives in
 * memory and starts from the Boxes' stored cursors: after a restart it re-reads from there, and the queue's
 * de-duplication drops what was already offered. Thread-safe.
 */
public final class PollingFeed {
    private final SyncEnvironment env;
    private final WebhookIntake intake;
    private final Map<String, Cursor> positions = new ConcurrentHashMap<>();

    public PollingFeed(SyncEnvironment env, WebhookIntake intake) {
        this.env = Objects.requireNonNull(env, "env");
        this.intake = Objects.requireNonNull(intake, "intake");
    }

    /** Polls the connection once; returns how many new events were queued. */
    public int poll(ConnectionId connection) {
        Map<ScopeQuery, Cursor> scopes = env.tx().inTransaction(s -> {
            Map<ScopeQuery, Cursor> out = new LinkedHashMap<>();
            for (Box box : s.boxes().all()) {
                if (!box.scope().isOwn() || box.isClosed()) {
                    continue;
                }
                for (BoxScope.Part part : box.scope().parts()) {
                    if (part.connection().equals(connection)) {
                        Cursor stored = s.cursors().get(box.id(), connection).orElse(Cursor.beginning());
                        out.merge(part.query(), stored, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                    }
                }
            }
            return out;
        });
        RemoteAccount technical = env.tx().inTransaction(s -> s.connections().technicalUser(connection));
        Connector connector = env.connectors().connector(connection);
        int fresh = 0;
        for (Map.Entry<ScopeQuery, Cursor> entry : scopes.entrySet()) {
            String position = connection + "|" + entry.getKey();
            Cursor from = positions.getOrDefault(position, entry.getValue());
            Optional<PageToken> token = Optional.empty();
            Cursor newest = from;
            do {
                Page<RemoteIssue> page = connector.incremental(entry.getKey(), technical, from,
                        env.settings().lookback(), token);
                List<RemoteEvent> events = new ArrayList<>();
                for (RemoteIssue issue : page.items()) {
                    events.add(new RemoteEvent(issue.key() + "@" + issue.updated(), RemoteEvent.Type.UPDATED,
                            issue.key(), issue.updated(), null, null, null));
                    newest = newest.max(new Cursor(issue.updated(), issue.key().value()));
                }
                fresh += intake.accept(connection, events);
                token = page.next();
            } while (token.isPresent());
            positions.put(position, newest);
        }
        return fresh;
    }
}
