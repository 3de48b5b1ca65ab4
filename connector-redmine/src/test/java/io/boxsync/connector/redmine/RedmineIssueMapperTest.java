package io.boxsync.connector.redmine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.StatusCategory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedmineIssueMapperTest {
    private final RedmineIssueMapper mapper =
            new RedmineIssueMapper(id -> id == 1 ? "probe" : "project-" + id, Map.of(1L, 1L), "");

    @Test
    void aRedmine5IssueMapsDatesVersionParentEstimateAndRelations() {
        JsonNode json = Fixtures.json("debian-5.0.4-issue-with-relations-and-children.json").path("issue");

        RemoteIssue issue = mapper.toIssue(json);

        assertThat(issue.key()).isEqualTo(IssueKey.of("1"));
        assertThat(issue.projectKey()).isEqualTo("probe");
        assertThat(issue.issueType()).isEqualTo("Bug");
        assertThat(issue.summary()).isEqualTo("s1");
        assertThat(issue.status()).isEqualTo("New");
        assertThat(issue.statusCategory()).isEqualTo(StatusCategory.TO_DO);
        assertThat(issue.start()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(issue.end()).isEqualTo(LocalDate.of(2026, 12, 5));
        assertThat(issue.estimateSeconds()).isEqualTo(9000L);
        assertThat(issue.iterations()).containsExactly(new IterationRef(IterationRef.Kind.VERSION, "1", "v1"));
        assertThat(issue.links()).containsExactly(
                new RemoteLink("1", "precedes", IssueKey.of("1"), IssueKey.of("2"), 2));
        assertThat(issue.parentKey()).isNull();
        assertThat(issue.updated()).isEqualTo(Instant.parse("2026-11-27T20:49:20Z"));
    }

    @Test
    void aChildNamesItsParentAndTheFollowerSeesTheSameRelationFromTheOtherEnd() {
        List<RemoteIssue> issues = mapAll(Fixtures.json("debian-5.0.4-issues-list.json").path("issues"));

        assertThat(issues).extracting(i -> i.key().value()).containsExactly("1", "2", "3");
        assertThat(issues.get(2).parentKey()).isEqualTo(IssueKey.of("1"));
        assertThat(issues.get(1).links()).containsExactly(
                new RemoteLink("1", "precedes", IssueKey.of("1"), IssueKey.of("2"), 2));
        assertThat(issues.get(1).start()).isEqualTo(LocalDate.of(2026, 12, 9));
    }

    @Test
    void aPublicIssuesPageWithoutDueDatesOrVersionsMapsToNulls() {
        List<RemoteIssue> issues = mapAll(Fixtures.json("issues-actual-start-and-due-dates.json").path("issues"));

        assertThat(issues).hasSize(3);
        RemoteIssue noDue = issues.get(2);
        assertThat(noDue.key()).isEqualTo(IssueKey.of("70"));
        assertThat(noDue.projectKey()).isEqualTo("project-25");
        assertThat(noDue.start()).isEqualTo(LocalDate.of(2020, 12, 12));
        assertThat(noDue.end()).isNull();
        assertThat(noDue.estimateSeconds()).isNull();
        assertThat(noDue.iterations()).isEmpty();
        assertThat(noDue.links()).isEmpty();
        assertThat(issues.get(1).end()).isEqualTo(LocalDate.of(2021, 1, 12));
        assertThat(issues.get(1).updated()).isEqualTo(Instant.parse("2020-12-11T16:57:59Z"));
    }

    @Test
    void aRedmine1IssueWithSlashDatesAndOffsetTimestampsIsReadLeniently() {
        RemoteIssue issue = mapper.toIssue(Fixtures.json("issue-with-assignee-redmine-1.x.json"));

        assertThat(issue.start()).isEqualTo(LocalDate.of(2011, 1, 12));
        assertThat(issue.end()).isEqualTo(LocalDate.of(2011, 1, 30));
        assertThat(issue.updated()).isEqualTo(Instant.parse("2011-01-18T05:28:45Z"));
        assertThat(issue.assigneeId()).isEqualTo("3");
        assertThat(issue.assigneeName()).isEqualTo("Dina TheDog");
        assertThat(issue.estimateSeconds()).isEqualTo(72_000L);
    }

    @Test
    void relationsWithANullDelayHaveNoLag() {
        List<RemoteLink> links = RedmineIssueMapper.links(Fixtures.json("relations-wiki-example.json").path("relations"));

        assertThat(links).containsExactly(
                new RemoteLink("1819", "relates", IssueKey.of("8470"), IssueKey.of("8469"), 0),
                new RemoteLink("1820", "relates", IssueKey.of("8470"), IssueKey.of("8467"), 0));
    }

    @Test
    void closedStatusesAreDoneAndNonDefaultOpenStatusesAreInProgress() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RemoteIssue closed = mapper.toIssue(json.readTree("""
                {"id":5,"project":{"id":1},"tracker":{"id":1,"name":"Bug"},
                 "status":{"id":5,"name":"Closed","is_closed":true},"subject":"x","updated_on":"2026-01-01T00:00:00Z"}"""));
        RemoteIssue working = mapper.toIssue(json.readTree("""
                {"id":6,"project":{"id":1},"tracker":{"id":1,"name":"Bug"},
                 "status":{"id":2,"name":"In Progress","is_closed":false},"subject":"x","updated_on":"2026-01-01T00:00:00Z"}"""));

        assertThat(closed.statusCategory()).isEqualTo(StatusCategory.DONE);
        assertThat(working.statusCategory()).isEqualTo(StatusCategory.IN_PROGRESS);
    }

    @Test
    void storyPointsComeFromTheMappedCustomField() throws Exception {
        RedmineIssueMapper withPoints = new RedmineIssueMapper(id -> "p", Map.of(), "cf_7");
        RemoteIssue issue = withPoints.toIssue(new ObjectMapper().readTree("""
                {"id":5,"status":{"id":1,"name":"New"},"subject":"x","updated_on":"2026-01-01T00:00:00Z",
                 "custom_fields":[{"id":3,"name":"Other","value":"9"},{"id":7,"name":"Story points","value":"5"}]}"""));

        assertThat(issue.storyPoints()).isEqualTo(5.0);
    }

    @Test
    void anIssueWithoutUpdateStampIsAnInvalidAnswer() throws Exception {
        JsonNode broken = new ObjectMapper().readTree("{\"id\":5,\"subject\":\"x\"}");

        assertThatThrownBy(() -> mapper.toIssue(broken))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_RESPONSE))
                .hasMessageContaining("#5");
    }

    private List<RemoteIssue> mapAll(JsonNode issues) {
        List<RemoteIssue> mapped = new ArrayList<>();
        issues.forEach(i -> mapped.add(mapper.toIssue(i)));
        return mapped;
    }
}
