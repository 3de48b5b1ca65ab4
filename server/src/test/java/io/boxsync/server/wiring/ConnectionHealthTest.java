package io.boxsync.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.server.wiring.ConnectionHealth.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectionHealthTest {
    private static final ConnectionId JIRA = new ConnectionId(1);
    private Instant now = Instant.parse("2027-01-01T10:00:00Z");
    private final ConnectionHealth health = new ConnectionHealth(() -> now);

    @Test
    void aConnectionNeverCalledIsUnknown() {
        assertThat(health.status(JIRA).state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    void transientFailuresMakeItDegradedSinceTheFirstAndASuccessMakesItUpAgain() {
        health.succeeded(JIRA);
        now = now.plusSeconds(10);
        Instant firstFailure = now;
        health.failed(JIRA, new ConnectorException(Kind.TRANSIENT, "503 from tool", 503, Duration.ofSeconds(7), null), true);
        now = now.plusSeconds(10);
        health.failed(JIRA, new ConnectorException(Kind.TRANSIENT, "timeout"), false);

        ConnectionHealth.Status degraded = health.status(JIRA);
        assertThat(degraded.state()).isEqualTo(State.DEGRADED);
        assertThat(degraded.since()).isEqualTo(firstFailure);
        assertThat(degraded.consecutiveFailures()).isEqualTo(2);
        assertThat(degraded.failureKind()).isEqualTo("TRANSIENT");
        assertThat(degraded.detail()).contains("timeout");
        assertThat(degraded.lastSuccessAt()).isEqualTo(firstFailure.minusSeconds(10));

        now = now.plusSeconds(5);
        health.succeeded(JIRA);
        ConnectionHealth.Status up = health.status(JIRA);
        assertThat(up.state()).isEqualTo(State.UP);
        assertThat(up.since()).isEqualTo(now);
        assertThat(up.consecutiveFailures()).isZero();
        assertThat(up.detail()).isEmpty();
        assertThat(up.lastFailureAt()).isEqualTo(now.minusSeconds(5));
    }

    @Test
    void theTechnicalUserRefusedOrAnInvalidRequestIsDownButAPersonsBadTokenOrARefusalIsNot() {
        health.failed(JIRA, new ConnectorException(Kind.AUTH, "401 for carol"), false);
        health.failed(JIRA, new ConnectorException(Kind.PERMISSION, "403"), true);
        assertThat(health.status(JIRA).state()).isEqualTo(State.UP);

        health.failed(JIRA, new ConnectorException(Kind.AUTH, "401 for the technical user"), true);
        assertThat(health.status(JIRA).state()).isEqualTo(State.DOWN);
        health.failed(JIRA, new ConnectorException(Kind.CONFIGURATION, "bad JQL"), true);
        assertThat(health.status(JIRA).state()).isEqualTo(State.DOWN);
        assertThat(health.status(JIRA).failureKind()).isEqualTo("CONFIGURATION");
    }

    @Test
    void aGaugePerConnectionFollowsTheState() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        health.bindTo(meters);
        health.failed(JIRA, new ConnectorException(Kind.TRANSIENT, "503"), true);
        assertThat(meters.get("boxsync.connection.health").tag("connection", "1").gauge().value()).isEqualTo(0.5);
        health.succeeded(JIRA);
        assertThat(meters.get("boxsync.connection.health").tag("connection", "1").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("boxsync.connection.consecutive.failures").gauge().value()).isZero();
    }
}
