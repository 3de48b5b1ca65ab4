package io.boxsync.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.ConnectionId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBatchTest {
    private static final Instant T = Instant.parse("2026-11-27T10:00:00.123Z");
    private static final ConnectionId JIRA = ConnectionId.of(1);

    private static QueuedEvent queued(long id, String delivery, Instant at, String actor) {
        return new QueuedEvent(id, JIRA, new RemoteEvent(delivery, RemoteEvent.Type.UPDATED, IssueKey.of("PRJ-1"), at,
                actor, actor, null), at);
    }

    @Test
    void theLatestEventIsTheOneWithTheGreatestToolTimeWhateverTheArrivalOrder() {
        EventBatch batch = new EventBatch(JIRA, IssueKey.of("PRJ-1"), List.of(
                queued(1, "b", T.plusSeconds(2), "late-change"), queued(2, "a", T, "early-change")), 0, "w", T);

        assertThat(batch.latest().actorAccountId()).isEqualTo("late-change");
    }

    @Test
    void betweenEventsStampedTheSameMillisecondTheLaterArrivalIsTheLatest() {
        EventBatch batch = new EventBatch(JIRA, IssueKey.of("PRJ-1"), List.of(
                queued(1, "zzz", T, "first"), queued(2, "aaa", T, "second")), 0, "w", T);

        assertThat(batch.latest().actorAccountId()).isEqualTo("second");
    }
}
