package io.boxsync.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * A change the tool told us about (webhook) or we found by polling. Only a hint: the engine fetches the issue's
 * current state and never trusts the body alone.
 *
 * @param deliveryId   the tool's id of this delivery, for de-duplication (Jira {@code X-Atlassian-Webhook-Identifier},
 *                     Trello action id, a poll-derived id for Redmine)
 * @param type         what happened
 * @param key          the issue concerned
 * @param occurredAt   the tool's own time of the change (orders deliveries that arrive late or out of order)
 * @param actorAccountId the account that made the change, {@code null} when the tool names none (system change)
 * @param actorName    that account's display name, {@code null} when none
 * @param writeId      our own write id when the tool echoes it back (Jira {@code historyMetadata}), else {@code null}
 */
public record RemoteEvent(
        String deliveryId,
        Type type,
        IssueKey key,
        Instant occurredAt,
        String actorAccountId,
        String actorName,
        String writeId) {

    /** The kinds of change. */
    public enum Type { CREATED, UPDATED, DELETED }

    public RemoteEvent {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
