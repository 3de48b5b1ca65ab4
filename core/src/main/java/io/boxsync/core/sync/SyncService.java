package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.WebhookRequest;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ChangeId;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.DependencyId;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.UserId;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sync engine as the server sees it: one object wiring S1-S6. The server calls {@link #onStart} once per node
 * start, {@link #processEvents()} from a worker loop, {@link #catchUpVisited()} and {@link #lowPriorityCatchUp()}
 * on schedules ({@link SyncSettings#lowPriorityPeriod()}), and the rest from its API. Thread-safe.
 */
public final class SyncService {

    /** Why there is no "re-sync all Boxes" operation; the API answers it as is. */
    public static final String NO_RESYNC_ALL = "Boxsync does not re-sync all Boxes at once: it would load Boxsync and "
            + "the connected tools heavily, and a Box is re-synced anyway when someone enters it while it is flagged "
            + "or expired. Open the Box, or ask a Box admin to re-sync that Box.";

    private final SyncEnvironment env;
    private final StartupSync startup;
    private final FullSync fullSync;
    private final BoxOpening opening;
    private final IncrementalCatchUp incremental;
    private final WebhookIntake intake;
    private final PollingFeed polling;
    private final RemoteEventProcessor events;
    private final AppActions actions;
    private final History history;

    /**
     * @param env      storage, connectors, locks, clock, settings and algorithms
     * @param workerId this node's name in event leases (host name + process id, say)
     */
    public SyncService(SyncEnvironment env, String workerId) {
        this.env = Objects.requireNonNull(env, "env");
        this.startup = new StartupSync(env);
        this.fullSync = new FullSync(env);
        this.opening = new BoxOpening(env, fullSync);
        this.incremental = new IncrementalCatchUp(env);
        this.intake = new WebhookIntake(env);
        this.polling = new PollingFeed(env, intake);
        this.events = new RemoteEventProcessor(env, workerId);
        this.actions = new AppActions(env);
        this.history = new History(env);
    }

    public SyncEnvironment environment() {
        return env;
    }

    /** S1 on the first start; flags own-scope Boxes on every later start. */
    public StartupSync.StartReport onStart(String version) {
        return startup.onStart(version);
    }

    /** An admin cleared the cache: own-scope Boxes are flagged; returns how many. */
    public int clearCache() {
        return startup.cacheCleared();
    }

    /** Always refused: see {@link #NO_RESYNC_ALL}. */
    public FullSyncResult resyncAll() {
        return FullSyncResult.refused(NO_RESYNC_ALL);
    }

    public BoxOpening.OpenResult openBox(BoxId box, UserId user, BoxModule module) {
        return opening.open(box, user, module);
    }

    public List<BoxOpening.IssuePlacement> openIssue(ConnectionId connection, IssueKey key, UserId user) {
        return opening.openIssue(connection, key, user);
    }

    public FullSyncResult resync(BoxId box, UserId user, boolean continueWithoutReindex) {
        return opening.resync(box, user, continueWithoutReindex);
    }

    public FullSyncResult confirmHeld(BoxId box, UserId admin) {
        return fullSync.confirmHeld(box, admin);
    }

    public FullSyncResult discardHeld(BoxId box, UserId admin) {
        return fullSync.discardHeld(box, admin);
    }

    public IncrementalCatchUp.Result catchUp(BoxId box) {
        return incremental.catchUp(box);
    }

    public List<IncrementalCatchUp.Result> catchUpVisited() {
        return incremental.catchUpVisited();
    }

    /**
     * Stores received events durably (group commit with concurrent calls); returns how many were new.
     *
     * @throws io.boxsync.core.queue.GroupCommit.Busy   too much waits to be stored: nothing stored, retry later
     * @throws io.boxsync.core.queue.GroupCommit.Failed the storing transaction failed: nothing stored, retry later
     */
    public int acceptEvents(ConnectionId connection, List<RemoteEvent> received) {
        return intake.accept(connection, received);
    }

    /** @throws io.boxsync.connector.WebhookException for unsigned, forged or malformed deliveries */
    public int acceptWebhook(ConnectionId connection, WebhookRequest request) {
        return intake.accept(connection, request);
    }

    /** Transactions that stored webhook and polled events so far (each may hold many deliveries). */
    public long intakeCommits() {
        return intake.commits();
    }

    public int poll(ConnectionId connection) {
        return polling.poll(connection);
    }

    public int processEvents() {
        return events.processDue();
    }

    public int lowPriorityCatchUp() {
        return events.lowPriorityCatchUp();
    }

    /**
     * Forgets what is no longer needed: outbox entries older than the echo window and delivery ids older than seven
     * days (the queue's promise). Run it hourly, say; returns how many rows went.
     */
    public int housekeeping() {
        java.time.Instant now = env.clock().now();
        return env.tx().inTransaction(s -> s.outbox().purgeBefore(now.minus(env.settings().echoWindow()))
                + s.events().forgetDeliveriesBefore(now.minus(java.time.Duration.ofDays(7))));
    }

    public ActionResult moveOnTimeline(UserId user, BoxId box, TaskId task, LocalDate start, LocalDate end) {
        return actions.moveOnTimeline(user, box, task, start, end);
    }

    public ActionResult moveToCadence(UserId user, BoxId box, TaskId task, IterationRef target) {
        return actions.moveToCadence(user, box, task, target);
    }

    public ActionResult link(UserId user, BoxId box, TaskId from, TaskId to, DependencyType type) {
        return actions.link(user, box, from, to, type);
    }

    public ActionResult unlink(UserId user, BoxId box, DependencyId dependency) {
        return actions.unlink(user, box, dependency);
    }

    public History.HistoryPage boxHistory(BoxId box, int limit, Optional<ChangeId> before) {
        return history.ofBox(box, limit, before);
    }

    public History.HistoryPage taskHistory(TaskId task, int limit, Optional<ChangeId> before) {
        return history.ofTask(task, limit, before);
    }
}
