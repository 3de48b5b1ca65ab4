package io.boxsync.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IndexHealth;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.contract.ToolFixture.FixtureScope;
import io.boxsync.simulator.jira.JiraSimulator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Metadata discovery, board scopes and index health against both simulator flavours. */
class JiraMetadataIT {

    @Test
    void cloud_metadata_lists_the_start_date_field_link_types_projects_boards_and_sprints() {
        try (JiraSimulatorFixture fixture = new JiraSimulatorFixture(JiraSimulator.Flavour.CLOUD)) {
            FixtureScope scope = fixture.createScope(1);

            RemoteMetadata metadata = fixture.connector().metadata();

            assertThat(metadata.fields()).extracting(RemoteMetadata.Item::id).contains("customfield_10015", "duedate");
            assertThat(metadata.linkTypes()).extracting(RemoteMetadata.LinkType::name).contains("Blocks");
            assertThat(metadata.projects()).extracting(RemoteMetadata.Item::key)
                    .contains(scope.query().sources().get(0).value());
            assertThat(metadata.projects()).extracting(RemoteMetadata.Item::detail).anyMatch(d -> d.startsWith("board"));
            assertThat(metadata.iterations()).extracting(IterationRef::id)
                    .contains(fixture.iterationFor(scope).orElseThrow().id());
            assertThat(fixture.connector().indexHealth().state()).isEqualTo(IndexHealth.State.NOT_APPLICABLE);
        }
    }

    @Test
    void a_board_scope_reads_the_issues_of_the_boards_project() {
        try (JiraSimulatorFixture fixture = new JiraSimulatorFixture(JiraSimulator.Flavour.DATA_CENTER)) {
            FixtureScope scope = fixture.createScope(2);
            String boardId = fixture.simulator().boardId(scope.query().sources().get(0).value());
            ScopeQuery board = new ScopeQuery(List.of(new ScopeQuery.Source(ScopeQuery.SourceKind.BOARD, boardId)), "");

            List<RemoteIssue> issues = fixture.connector().snapshot(board, fixture.permittedAccount(), Optional.empty())
                    .items();

            assertThat(issues).extracting(RemoteIssue::key).containsExactlyInAnyOrderElementsOf(scope.keys());
        }
    }

    @Test
    void data_center_index_health_turns_corrupted_when_the_index_is() {
        try (JiraSimulatorFixture fixture = new JiraSimulatorFixture(JiraSimulator.Flavour.DATA_CENTER)) {
            fixture.createScope(1);
            assertThat(fixture.connector().indexHealth().state()).isEqualTo(IndexHealth.State.HEALTHY);

            fixture.simulator().faults().corruptIndex(true);

            IndexHealth health = fixture.connector().indexHealth();
            assertThat(health.isCorrupted()).isTrue();
            assertThat(health.detail()).isNotBlank();
        }
    }
}
