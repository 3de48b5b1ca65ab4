package io.boxsync.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.WriteResult;
import io.boxsync.connector.contract.ToolFixture.FixtureScope;
import io.boxsync.simulator.jira.JiraSimulator;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Moving an issue to a fix version, a cadence the generic contract does not cover for Jira. */
class JiraVersionMoveIT {

    @ParameterizedTest
    @EnumSource(JiraSimulator.Flavour.class)
    void moving_to_a_version_sets_the_fix_version_and_returns_it_read_again(JiraSimulator.Flavour flavour) {
        try (JiraSimulatorFixture fixture = new JiraSimulatorFixture(flavour)) {
            FixtureScope scope = fixture.createScope(1);
            String project = scope.query().sources().get(0).value();
            String versionId = fixture.simulator().addVersion(project, "2.0", LocalDate.of(2030, 1, 1));
            IssueKey key = scope.keys().get(0);

            WriteResult result = fixture.connector().apply(new RemoteWrite.MoveToIteration("w-v1", key,
                    new IterationRef(IterationRef.Kind.VERSION, versionId, "2.0")), fixture.permittedAccount());

            assertThat(result.issue().iterations()).extracting(IterationRef::kind, IterationRef::id)
                    .contains(org.assertj.core.groups.Tuple.tuple(IterationRef.Kind.VERSION, versionId));
        }
    }
}
