package io.boxsync.server.api;

import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the API, and how domain records become them. No domain record is ever serialized as is. */
public final class Views {
    private Views() {
    }

    public record UserView(long id, String login, String displayName, boolean admin) {
        static UserView of(User user) {
            return new UserView(user.id().value(), user.login(), user.displayName(), user.admin());
        }
    }

    public record AccountView(long connectionId, String accountId, String login) {
    }

    public record MeView(long id, String login, String displayName, boolean admin, List<AccountView> accounts) {
    }

    public record ConnectionView(long id, String name, String kind, String baseUrl, Object fieldMapping,
                                 HealthView health, String webhookUrl) {
        static ConnectionView of(Connection c, HealthView health) {
            return new ConnectionView(c.id().value(), c.name(), c.kind().name(), c.baseUrl().toString(),
                    c.fieldMapping(), health, "/webhooks/" + c.id().value());
        }
    }

    /**
     * A connection's health as sync observes it: {@code state} UP, DEGRADED (transient failures, retrying with
     * backoff), DOWN (credentials or configuration refused) or UNKNOWN; {@code since} when that state began;
     * {@code consecutiveFailures} failed tool calls since the last success.
     */
    public record HealthView(String state, Instant checkedAt, String detail, Instant since, Instant lastSuccessAt,
                             Instant lastFailureAt, String failureKind, int consecutiveFailures,
                             Long retryAfterSeconds) {
        static HealthView of(io.boxsync.server.wiring.ConnectionHealth.Status s) {
            Instant checked = s.lastFailureAt() == null || (s.lastSuccessAt() != null
                    && s.lastSuccessAt().isAfter(s.lastFailureAt())) ? s.lastSuccessAt() : s.lastFailureAt();
            return new HealthView(s.state().name(), checked, s.detail(), s.since(), s.lastSuccessAt(),
                    s.lastFailureAt(), s.failureKind(), s.consecutiveFailures(),
                    s.retryAfter().map(java.time.Duration::toSeconds).orElse(null));
        }
    }

    public record SourceView(String kind, String value) {
    }

    public record ScopePartView(long connectionId, List<SourceView> sources, String narrowing) {
    }

    public record ScopeView(String mode, List<ScopePartView> parts, String subFilter) {
        static ScopeView of(BoxScope scope) {
            return new ScopeView(scope.mode().name(), scope.parts().stream()
                    .map(p -> new ScopePartView(p.connection().value(),
                            p.query().sources().stream().map(s -> new SourceView(s.kind().name(), s.value())).toList(),
                            p.query().narrowing()))
                    .toList(), scope.subFilter());
        }
    }

    public record BuilderView(String kind, String linkType) {
        static BuilderView of(WbsBuilder b) {
            return new BuilderView(b.kind().name(), b.linkType());
        }
    }

    public record MemberView(long userId, String role) {
    }

    public record BoxSummary(long id, String name, String kind, Long parentId, String status, String scopeMode,
                             String role, SyncSummary sync) {
    }

    public record SyncSummary(boolean flagged, String flagReason, Instant lastFullSync, boolean running, String health) {
    }

    public record BoxDetail(long id, String name, String kind, Long parentId, String status, ScopeView scope,
                            Long scopeOwnerId, List<BuilderView> builders, String defaultTaskMode,
                            List<MemberView> members, String role) {
        static BoxDetail of(Box box, Map<UserId, BoxRole> members, BoxRole callerRole) {
            return new BoxDetail(box.id().value(), box.name(), box.kind().name(),
                    box.parent() == null ? null : box.parent().value(), box.status().name(), ScopeView.of(box.scope()),
                    box.scopeOwner() == null ? null : box.scopeOwner().value(),
                    box.builders().stream().map(BuilderView::of).toList(), box.defaultTaskMode().name(),
                    members.entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(e -> new MemberView(e.getKey().value(), e.getValue().name())).toList(),
                    callerRole == null ? null : callerRole.name());
        }
    }

    public record IterationRefView(String kind, String id, String name) {
        static IterationRefView of(IterationRef ref) {
            return new IterationRefView(ref.kind().name(), ref.id(), ref.name());
        }
    }

    public record TaskView(long id, Long connectionId, String key, String summary, String projectKey, String issueType,
                           String status, String statusCategory, String assigneeId, String assigneeName,
                           LocalDate start, LocalDate end, Long estimateSeconds, Double storyPoints,
                           List<IterationRefView> iterations, String parentKey, String epicKey, String mode) {
        public static TaskView of(Task t) {
            return new TaskView(t.id().value(), t.connection() == null ? null : t.connection().value(),
                    t.key() == null ? null : t.key().value(), t.summary(), t.projectKey(), t.issueType(), t.status(),
                    t.statusCategory().name(), t.assigneeId(), t.assigneeName(), t.start(), t.end(),
                    t.estimateSeconds(), t.storyPoints(), t.iterations().stream().map(IterationRefView::of).toList(),
                    t.parentKey() == null ? null : t.parentKey().value(),
                    t.epicKey() == null ? null : t.epicKey().value(), t.mode().name());
        }
    }

    public record WbsNodeView(String nodeId, String parentId, int position, Long taskId, String groupKind, String label) {
        static WbsNodeView of(WbsNode n) {
            return new WbsNodeView(n.nodeId(), n.parentId(), n.position(), n.task() == null ? null : n.task().value(),
                    n.groupKind() == null ? null : n.groupKind().name(), n.label());
        }
    }

    public record DependencyView(long id, long from, long to, String type, boolean strong, int lagDays) {
        public static DependencyView of(Dependency d) {
            return new DependencyView(d.id().value(), d.from().value(), d.to().value(), d.type().name(), d.strong(),
                    d.lagDays());
        }
    }

    public record IterationView(long connectionId, String kind, String id, String name, LocalDate start,
                                LocalDate end, String state) {
        static IterationView of(Iteration i) {
            return new IterationView(i.connection().value(), i.ref().kind().name(), i.ref().id(), i.ref().name(),
                    i.start(), i.end(), i.state());
        }
    }

    /**
     * A Box's contents as the JSON document {@code GET /api/boxes/{id}/contents} answers (tasks, wbs, dependencies,
     * iterations), rendered once from the rows by {@link ContentsJson} and embedded as is wherever a view holds it.
     */
    @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = Contents.AsRawJson.class)
    public static final class Contents {
        private final byte[] json;

        Contents(byte[] json) {
            this.json = json;
        }

        /** The UTF-8 JSON document; do not modify. */
        byte[] json() {
            return json;
        }

        static final class AsRawJson extends com.fasterxml.jackson.databind.JsonSerializer<Contents> {
            @Override
            public void serialize(Contents value, com.fasterxml.jackson.core.JsonGenerator gen,
                                  com.fasterxml.jackson.databind.SerializerProvider serializers)
                    throws java.io.IOException {
                gen.writeRawValue(new String(value.json, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    public record CountsView(int added, int updated, int removed, int unchanged) {
    }

    public record RunView(long id, String origin, Long requester, Instant startedAt, Instant finishedAt, String outcome,
                          String reason, CountsView counts, int pagesRead, int pagesTotal, boolean indexOverride) {
        public static RunView of(SyncRun r) {
            return new RunView(r.id().value(), r.origin().name(), r.requester() == null ? null : r.requester().value(),
                    r.startedAt(), r.finishedAt(), r.outcome().name(), r.reason(),
                    new CountsView(r.counts().added(), r.counts().updated(), r.counts().removed(),
                            r.counts().unchanged()), r.pagesRead(), r.pagesTotal(), r.indexOverride());
        }
    }

    public record AuthorView(String kind, Long userId, String remoteAccountId, String displayName) {
    }

    public record ChangeView(long id, Instant at, String origin, String kind, Long boxId, Long taskId, String taskKey,
                             String field, String oldValue, String newValue, AuthorView author, Long requester,
                             Long runId, String cause) {
        static ChangeView of(Change c, String taskKey) {
            return new ChangeView(c.id() == null ? 0 : c.id().value(), c.at(), c.origin().name(), c.kind().name(),
                    c.box() == null ? null : c.box().value(), c.task() == null ? null : c.task().value(), taskKey,
                    c.field(), c.oldValue(), c.newValue(),
                    new AuthorView(c.author().kind().name(), c.author().user() == null ? null : c.author().user().value(),
                            c.author().remoteAccountId(), c.author().displayName()),
                    c.requester() == null ? null : c.requester().value(), c.run() == null ? null : c.run().value(),
                    c.cause());
        }
    }

    public record ParkedView(long connectionId, String key, int events, int attempts, String error, Instant parkedAt) {
    }

    public record QueueView(long pendingIssues, long pendingEvents, long parkedIssues, Long oldestPendingAgeSeconds,
                            List<ParkedView> parked) {
    }
}
