package io.boxsync.connector.contract;

import io.boxsync.connector.Connector;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.ScopeQuery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ConnectorContract} needs from one tool: a running instance (a simulator or a real tool on loopback), a
 * connector pointed at it, accounts with known rights, and a way to change things behind the connector's back.
 *
 * <p>One fixture serves a whole test class; each case creates the fresh scopes it needs, so cases do not see each
 * other's issues. Methods are called from the test thread only.
 */
public interface ToolFixture extends AutoCloseable {

    /** A scope and the keys of the issues it holds, in creation order. */
    record FixtureScope(ScopeQuery query, List<IssueKey> keys) {
        public FixtureScope {
            keys = List.copyOf(keys);
        }
    }

    /** The connector under test. Its page size is {@link #pageSize()} and its call timeout {@link #callTimeout()}. */
    Connector connector();

    /** Issues per page of the connector's snapshot and incremental reads (keep it small, e.g. 5). */
    int pageSize();

    /** The connector's timeout of one HTTP call. */
    Duration callTimeout();

    /**
     * Creates a new scope (a new project, board or list) holding exactly {@code issues} new issues and nothing else,
     * all visible to both accounts.
     */
    FixtureScope createScope(int issues);

    /** An account that may browse, edit, schedule and link every issue of every scope this fixture creates. */
    RemoteAccount permittedAccount();

    /** An account that may browse every such issue but may not edit, schedule or link any. */
    RemoteAccount forbiddenAccount();

    /**
     * Changes the issue in the tool as someone else would (e.g. its summary), so that its update stamp moves past
     * every earlier stamp the connector reported.
     */
    void touch(IssueKey key);

    /** A cadence the scope's issues may be moved into (an open sprint, a version, a list); empty if the tool has none. */
    Optional<IterationRef> iterationFor(FixtureScope scope);

    /** The link type to create links with; empty when the tool has no issue links (CreateLink is then a CONFLICT). */
    Optional<String> linkType();

    /** A key of the tool's form that names no issue. */
    IssueKey missingKey();

    /** The tool's fault injection, or empty when the tool cannot make faults happen (the fault cases are skipped). */
    Optional<Faults> faults();

    /** Makes the tool misbehave for the next requests. */
    interface Faults {
        /** The next {@code requests} answer 429 with {@code Retry-After: seconds}. */
        void rateLimitNext(int requests, int retryAfterSeconds);

        /** The next {@code requests} answer this status (500, 502, 503...). */
        void failNext(int requests, int status);

        /** The next {@code requests} drop the connection without an answer. */
        void resetNext(int requests);

        /** Every request is delayed this long. */
        void latency(Duration perRequest);

        /** Back to normal. */
        void clear();
    }

    @Override
    void close();
}
