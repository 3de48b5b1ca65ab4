package io.boxsync.server.wiring;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.port.BoxLocks;
import io.boxsync.core.port.Clock;
import io.boxsync.core.port.Transactor;
import io.boxsync.core.sync.StartupSync;
import io.boxsync.core.sync.SyncEnvironment;
import io.boxsync.core.sync.SyncService;
import io.boxsync.core.sync.SyncSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine running inside one Boxsync node: the {@link SyncService} plus the loops that drive it - the
 * event worker (S4), the catch-up of visited Boxes (S3), the low-priority catch-up of the others, and polling of
 * tools without webhooks (Redmine). Every loop survives failures of a single step. {@link #close()} stops them.
 */
public final class SyncRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRuntime.class);

    /**
     * @param eventPoll     how often each event worker looks for due issues
     * @param catchUpPeriod how often visited Boxes catch up incrementally (S3)
     * @param pollPeriod    how often tools without webhooks are polled
     * @param eventWorkers  how many threads apply queued tool events; the queue's leases keep each issue with one
     *                      worker, so more workers overlap one issue's tool fetch with another's database work
     */
    public record Loops(Duration eventPoll, Duration catchUpPeriod, Duration pollPeriod, int eventWorkers) {
        /**
         * Event workers per node unless told otherwise. One: a second worker cut lag by a third in WebhookBench, but
         * while a tool is down each worker retries its own issues, so two doubled the requests to the failing tool
         * (ToolOutageIT). More workers wait for a per-connection backoff.
         */
        public static final int DEFAULT_EVENT_WORKERS = 1;

        public Loops {
            if (eventWorkers < 1) {
                throw new IllegalArgumentException("eventWorkers must be at least 1, not " + eventWorkers);
            }
        }

        public Loops(Duration eventPoll, Duration catchUpPeriod, Duration pollPeriod) {
            this(eventPoll, catchUpPeriod, pollPeriod, DEFAULT_EVENT_WORKERS);
        }

        public static Loops defaults() {
            return new Loops(Duration.ofMillis(250), Duration.ofMinutes(5), Duration.ofSeconds(60));
        }
    }

    private final SyncService service;
    private final ScheduledExecutorService loops;
    private final ExecutorService background;
    private final StartupSync.StartReport startReport;

    private SyncRuntime(SyncService service, ScheduledExecutorService loops, ExecutorService background,
                        StartupSync.StartReport startReport) {
        this.service = service;
        this.loops = loops;
        this.background = background;
        this.startReport = startReport;
    }

    /**
     * Runs the start-up sync (S1 on a new installation, flags own-scope Boxes otherwise) and starts the loops.
     */
    public static SyncRuntime start(Transactor transactor, BoxLocks locks, ConnectorsFromStore connectors,
                                    Clock clock, SyncSettings settings, Loops timing, String version, String workerId) {
        SyncService service = new SyncService(SyncEnvironment.of(transactor, connectors, locks, clock, settings),
                workerId);
        StartupSync.StartReport report = service.onStart(version);
        LOG.info(report.firstStart() ? "First start of this installation: metadata of {} connection(s) loaded"
                : "Start: own-scope Boxes flagged for a full sync on their next open", report.metadataLoaded().size());
        // one thread per event worker, plus catch-up, low-priority catch-up and polling, so none waits for another
        ScheduledExecutorService loops = Executors.newScheduledThreadPool(timing.eventWorkers() + 3,
                named("boxsync-sync-loop"));
        ExecutorService background = Executors.newFixedThreadPool(2, named("boxsync-full-sync"));
        SyncRuntime runtime = new SyncRuntime(service, loops, background, report);
        for (int worker = 0; worker < timing.eventWorkers(); worker++) {
            runtime.every(timing.eventPoll(), "event worker", () -> {
                while (service.processEvents() > 0 && !loops.isShutdown()) {
                    Thread.onSpinWait();
                }
            });
        }
        runtime.every(timing.catchUpPeriod(), "incremental catch-up", service::catchUpVisited);
        runtime.every(settings.lowPriorityPeriod(), "low-priority catch-up", service::lowPriorityCatchUp);
        runtime.every(timing.pollPeriod(), "polling", () -> pollToolsWithoutWebhooks(transactor, service));
        runtime.every(Duration.ofHours(1), "housekeeping", service::housekeeping);
        return runtime;
    }

    private static void pollToolsWithoutWebhooks(Transactor transactor, SyncService service) {
        List<Connection> polled = transactor.inTransaction(s -> s.connections().all()).stream()
                .filter(c -> c.kind() == ConnectionKind.REDMINE).toList();
        for (Connection connection : polled) {
            try {
                service.poll(connection.id());
            } catch (RuntimeException e) {
                LOG.warn("Polling connection {} failed: {}", connection.id(), e.toString());
            }
        }
    }

    private void every(Duration period, String what, Runnable step) {
        long millis = Math.max(1, period.toMillis());
        loops.scheduleWithFixedDelay(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.warn("Sync loop '{}' step failed: {}", what, e.toString(), e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    public SyncService service() {
        return service;
    }

    /** Where the API runs the full syncs it starts, so requests answer at once. */
    public ExecutorService background() {
        return background;
    }

    public StartupSync.StartReport startReport() {
        return startReport;
    }

    @Override
    public void close() {
        loops.shutdownNow();
        background.shutdownNow();
        try {
            loops.awaitTermination(5, TimeUnit.SECONDS);
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
