package io.boxsync.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.StatusCategory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JiraIssueParserTest {
    private final JiraIssueParser parser =
            new JiraIssueParser(FieldMapping.jiraDefaults("customfield_10015"), "customfield_10020", "customfield_10014");

    @Test
    void a_real_data_center_search_page_maps_epic_assignee_status_and_update_stamp() {
        JsonNode issue = Fixtures.json("go-jira-issues-in-sprint-with-changelog.json").path("issues").get(0);
        JiraIssueParser withPoints = new JiraIssueParser(new FieldMapping("customfield_10015", "duedate", false,
                "customfield_10105", Map.of(), IterationRef.Kind.SPRINT), "customfield_10020", "customfield_10700");

        RemoteIssue parsed = withPoints.parse(issue);

        assertThat(parsed.key()).isEqualTo(IssueKey.of("AR-86"));
        assertThat(parsed.projectKey()).isEqualTo("AR");
        assertThat(parsed.issueType()).isEqualTo("Task");
        assertThat(parsed.status()).isEqualTo("Ready");
        assertThat(parsed.statusCategory()).isEqualTo(StatusCategory.TO_DO);
        assertThat(parsed.assigneeId()).as("server users have a key, no accountId").isEqualTo("mister.morris");
        assertThat(parsed.assigneeName()).isEqualTo("mister Morris");
        assertThat(parsed.epicKey()).isEqualTo(IssueKey.of("AR-37"));
        assertThat(parsed.storyPoints()).isEqualTo(13.0);
        assertThat(parsed.updated()).isEqualTo(Instant.parse("2016-02-01T16:17:04Z"));
        assertThat(parsed.start()).isNull();
        assertThat(parsed.links()).isEmpty();
    }

    @Test
    void the_agile_epic_object_names_the_epic_when_no_epic_link_field_is_set() {
        JsonNode issue = Fixtures.json("go-jira-issues-in-sprint-with-changelog.json").path("issues").get(0);

        assertThat(parser.parse(issue).epicKey()).isEqualTo(IssueKey.of("AR-37"));
    }

    @Test
    void atlassians_documented_issue_maps_links_in_both_directions_and_survives_its_junk_values() {
        RemoteIssue parsed = parser.parse(Fixtures.json("atlassian-openapi-issue-get.json"));

        assertThat(parsed.key()).isEqualTo(IssueKey.of("ED-1"));
        assertThat(parsed.projectKey()).isEqualTo("EX");
        assertThat(parsed.links()).extracting(RemoteLink::linkId, RemoteLink::type, RemoteLink::from, RemoteLink::to)
                .containsExactly(
                        tuple("10001", "Dependent", IssueKey.of("ED-1"), IssueKey.of("PR-2")),
                        tuple("10002", "Dependent", IssueKey.of("PR-3"), IssueKey.of("ED-1")));
        assertThat(parsed.estimateSeconds()).isEqualTo(600L);
        assertThat(parsed.updated()).as("\"updated\": 1 read as epoch millis").isEqualTo(Instant.ofEpochMilli(1));
        assertThat(parsed.statusCategory()).isEqualTo(StatusCategory.TO_DO);
    }

    @Test
    void a_real_cloud_webhook_issue_maps_labels_components_and_no_assignee() {
        RemoteIssue parsed = parser.parse(Fixtures.json("mattermost-webhook-cloud-issue-updated-sprint.json").path("issue"));

        assertThat(parsed.key()).isEqualTo(IssueKey.of("TES-41"));
        assertThat(parsed.issueType()).isEqualTo("Story");
        assertThat(parsed.labels()).containsExactly("sad", "test-label");
        assertThat(parsed.components()).containsExactly("COMP-1");
        assertThat(parsed.assigneeId()).isNull();
        assertThat(parsed.iterations()).isEmpty();
        assertThat(parsed.updated()).isEqualTo(Instant.parse("2019-02-16T21:12:10.037Z"));
    }

    @Test
    void cloud_sprint_objects_and_data_center_greenhopper_strings_both_become_sprints() {
        JsonNode sprints = Fixtures.json("atlassian-openapi-board-sprints.json").path("values");
        JsonNode cloud = Fixtures.parse("{\"key\":\"A-1\",\"fields\":{\"updated\":\"2026-01-01T00:00:00.000+0000\","
                + "\"customfield_10020\":" + sprints + ",\"fixVersions\":[{\"id\":\"10000\",\"name\":\"version1\"}]}}");
        // customfield_10021 of mattermost-plugin-jira webhook-cloud-issue-created-many-fields.json
        JsonNode dataCenter = Fixtures.parse("{\"key\":\"KT-22\",\"fields\":{\"customfield_10020\":[\"com.atlassian.greenhopper"
                + ".service.sprint.Sprint@38c6bd04[id=1,rapidViewId=2,state=ACTIVE,name=SCRUM1 Sprint 1,goal=,"
                + "startDate=2019-05-23T14:02:10.170Z,endDate=2019-06-06T14:02:00.000Z,completeDate=<null>,sequence=1]\"],"
                + "\"customfield_10014\":\"KT-17\"}}");

        assertThat(parser.parse(cloud).iterations()).extracting(IterationRef::kind, IterationRef::id, IterationRef::name)
                .containsExactly(tuple(IterationRef.Kind.SPRINT, "37", "sprint 1"),
                        tuple(IterationRef.Kind.SPRINT, "72", "sprint 2"),
                        tuple(IterationRef.Kind.VERSION, "10000", "version1"));
        RemoteIssue dc = parser.parse(dataCenter);
        assertThat(dc.iterations()).extracting(IterationRef::id, IterationRef::name).containsExactly(tuple("1", "SCRUM1 Sprint 1"));
        assertThat(dc.epicKey()).isEqualTo(IssueKey.of("KT-17"));
    }

    @Test
    void dates_come_through_the_mapping_and_an_epic_parent_is_both_parent_and_epic() {
        JsonNode issue = Fixtures.parse("{\"key\":\"A-2\",\"fields\":{\"customfield_10015\":\"2027-03-01\",\"duedate\":\"2027-03-05\","
                + "\"status\":{\"name\":\"Doing\",\"statusCategory\":{\"key\":\"indeterminate\"}},"
                + "\"parent\":{\"key\":\"A-1\",\"fields\":{\"issuetype\":{\"name\":\"Epic\",\"hierarchyLevel\":1}}}}}");

        RemoteIssue parsed = parser.parse(issue);

        assertThat(parsed.start()).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(parsed.end()).isEqualTo(LocalDate.of(2027, 3, 5));
        assertThat(parsed.statusCategory()).isEqualTo(StatusCategory.IN_PROGRESS);
        assertThat(parsed.parentKey()).isEqualTo(IssueKey.of("A-1"));
        assertThat(parsed.epicKey()).isEqualTo(IssueKey.of("A-1"));
    }

    @Test
    void with_end_from_estimate_the_end_is_start_plus_the_estimate_in_eight_hour_days() {
        JiraIssueParser estimating = new JiraIssueParser(new FieldMapping("customfield_10015", "", true, "", Map.of(),
                IterationRef.Kind.SPRINT), "customfield_10020", "customfield_10014");
        JsonNode issue = Fixtures.parse("{\"key\":\"A-3\",\"fields\":{\"customfield_10015\":\"2027-03-01\","
                + "\"timeoriginalestimate\":86400,\"status\":{\"statusCategory\":{\"key\":\"done\"}}}}");

        RemoteIssue parsed = estimating.parse(issue);

        assertThat(parsed.end()).isEqualTo(LocalDate.of(2027, 3, 3));
        assertThat(parsed.statusCategory()).isEqualTo(StatusCategory.DONE);
    }

    @Test
    void the_field_list_asks_for_every_mapped_field() {
        assertThat(parser.fieldIds()).contains("customfield_10015", "duedate", "customfield_10020", "customfield_10014",
                "issuelinks", "updated", "status");
    }
}
