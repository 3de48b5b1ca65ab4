package io.boxsync.server.demo;

import io.boxsync.simulator.jira.JiraSimulator;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's "team": people who work in Jira while you watch Boxsync. Now and then one of them renames an issue,
 * moves its dates or changes its status in the simulator, as their own Jira account, so the simulator fires a signed
 * webhook and the change shows up in the open Boxes by partial sync. Thread-safe; {@link #close()} is idempotent.
 */
public final class DemoTeam implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTeam.class);
    private static final String[] STATUSES = {"To Do", "In Progress", "Done"};
    private static final String[] RENAMES = {"Polish", "Rework", "Review", "Harden", "Simplify", "Measure"};

    /** One edit made by a team member: who, which issue, and what changed (the fields as sent to Jira). */
    public record Edit(String accountId, String key, Map<String, Object> fields) {
        @Override
        public String toString() {
            return accountId + " changed " + key + " " + fields;
        }
    }

    private final JiraSimulator jira;
    private final List<String> keys;
    private final Random random;
    private final AtomicLong edits = new AtomicLong();
    private ScheduledExecutorService timer;

    /**
     * @param jira the simulator to edit
     * @param keys the issues the team may edit (not empty)
     * @param seed seed of the random choices, so a run can be repeated
     */
    public DemoTeam(JiraSimulator jira, List<String> keys, long seed) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the team needs issues to edit");
        }
        this.jira = jira;
        this.keys = List.copyOf(keys);
        this.random = new Random(seed);
    }

    /** Starts editing every {@code pace} (with up to half of it as jitter); a zero pace starts nothing. */
    public synchronized void start(Duration pace) {
        if (pace.isZero() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "boxsync-demo-team");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(100, pace.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                Thread.sleep(random.nextInt((int) Math.max(1, millis / 2)));
                Edit edit = editOnce();
                LOG.info("Demo team: {}", edit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Demo team edit failed: {}", e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Makes one random edit (rename, move dates or change status) now, on the calling thread, and returns it. */
    public synchronized Edit editOnce() {
        String key = keys.get(random.nextInt(keys.size()));
        return switch (random.nextInt(3)) {
            case 0 -> rename(key);
            case 1 -> moveDates(key);
            default -> changeStatus(key);
        };
    }

    /** Carol renames the issue: its first word is replaced. */
    public synchronized Edit rename(String key) {
        String summary = String.valueOf(jira.issueFields(key).get("summary")).replaceFirst("^\\S+", "");
        return apply("carol", key, Map.of("summary", RENAMES[random.nextInt(RENAMES.length)] + summary
                + " (edit " + (edits.get() + 1) + ")"));
    }

    /** Alice moves the issue's start by a few days and gives it a new due date. */
    public synchronized Edit moveDates(String key) {
        Object start = jira.issueFields(key).get("customfield_10015");
        LocalDate from = start == null ? LocalDate.of(2026, 11, 2) : LocalDate.parse(String.valueOf(start));
        int shift = random.nextInt(9) - 4;
        LocalDate newStart = from.plusDays(shift == 0 ? 1 : shift);
        return apply("alice", key, Map.of("customfield_10015", newStart.toString(),
                "duedate", newStart.plusDays(1 + random.nextInt(10)).toString()));
    }

    /** Dave moves the issue to another status. */
    public synchronized Edit changeStatus(String key) {
        int current = indexOf(String.valueOf(jira.issueFields(key).get("status")));
        return apply("dave", key, Map.of("status", STATUSES[(current + 1 + random.nextInt(2)) % STATUSES.length]));
    }

    private Edit apply(String account, String key, Map<String, Object> fields) {
        jira.updateIssue(account, key, fields);
        edits.incrementAndGet();
        return new Edit(account, key, fields);
    }

    private static int indexOf(String status) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i].equals(status)) {
                return i;
            }
        }
        return 0;
    }

    /** How many edits were made so far. */
    public long edits() {
        return edits.get();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
