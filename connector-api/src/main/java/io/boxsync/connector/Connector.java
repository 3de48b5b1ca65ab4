package io.boxsync.connector;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Boxsync's view of one connected tool instance.
 *
 * <p><b>Lifecycle.</b> Created by a {@link ConnectorFactory} for one {@link ConnectionSettings}; holds no state
 * beyond its HTTP client and may live as long as the connection. {@link #close()} releases the client.
 *
 * <p><b>Threads.</b> Every method may be called from any thread, concurrently. Every method that talks to the
 * tool blocks the caller until the tool answers, the call times out, or retries are exhausted.
 *
 * <p><b>Accounts.</b> Every read and write names the account it runs as; the tool's own permission model then
 * decides what that account sees and may do. An issue the account cannot browse does not exist for it.
 *
 * <p><b>Errors.</b> Failures are {@link ConnectorException}s, named for what the caller must do. Retryable
 * failures have already been retried (honouring {@code Retry-After}) when one reaches the caller.
 *
 * <p><b>Nullness.</b> No parameter may be {@code null}; no result is {@code null}.
 *
 * <p><b>Idempotency.</b> Reads are idempotent. {@link #apply} is not in general (creating a link twice creates
 * two links), so it is never retried blindly after a request may have reached the tool; a connector retries a
 * write only when the request provably did not arrive (connection refused, 429 before processing).
 */
public interface Connector extends AutoCloseable {

    /** The tool this connector speaks to. */
    ConnectionKind kind();

    /**
     * Checks that the account can reach the tool and authenticates.
     *
     * @return the account's id and display name as the tool knows them
     */
    RemoteMetadata.Item check(RemoteAccount account);

    /** The tool's projects, fields, link types, cadences and users, as the technical user sees them. */
    RemoteMetadata metadata();

    /** The tool's search index health; {@link IndexHealth#notApplicable()} for tools without such a check. */
    IndexHealth indexHealth();

    /**
     * One page of every issue in the scope, as the account sees them.
     *
     * @param from  empty for the first page, else the previous page's {@link Page#next()}
     */
    Page<RemoteIssue> snapshot(ScopeQuery scope, RemoteAccount account, Optional<PageToken> from);

    /**
     * One page of the issues in the scope updated at or after {@code since.readFrom(lookback)}, oldest first.
     * Issues changed between pages may be returned twice; the caller de-duplicates by key and update stamp.
     */
    Page<RemoteIssue> incremental(ScopeQuery scope, RemoteAccount account, Cursor since,
                                  java.time.Duration lookback, Optional<PageToken> from);

    /** One issue as the account sees it; empty when it does not exist or the account cannot browse it. */
    Optional<RemoteIssue> fetch(IssueKey key, RemoteAccount account);

    /** Which of the keys are in the scope, as the account sees it: one query for the whole batch. */
    Set<IssueKey> membership(ScopeQuery scope, Collection<IssueKey> keys, RemoteAccount account);

    /** What the account may do to each of the issues; an issue it cannot browse maps to an empty set. */
    Map<IssueKey, Set<RemotePermission>> permissions(RemoteAccount account, Collection<IssueKey> keys);

    /**
     * Writes one change as the account.
     *
     * @throws ConnectorException of kind {@link ConnectorException.Kind#PERMISSION} when the tool refuses the
     *                            account, {@link ConnectorException.Kind#CONFLICT} when the tool cannot do it
     *                            (e.g. links in Trello)
     */
    WriteResult apply(RemoteWrite write, RemoteAccount account);

    /** The decoder of this connection's webhook deliveries; tools without webhooks return one that rejects all. */
    WebhookDecoder webhooks();

    @Override
    void close();
}
