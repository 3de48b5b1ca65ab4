package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JqlEvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private JiraStore store;
    private long activeSprint;
    private long closedSprint;
    private long futureSprint;

    @BeforeEach
    void buildSite() {
        store = new JiraStore();
        store.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store.addProject("ALPHA", "Alpha Project");
        store.addProject("BETA", "Beta Project");
        store.addAccount("ann", "Ann", "ann@example.com", "ann-token", false);
        store.addAccount("ben", "Ben", "ben@example.com", "ben-token", false);
        store.grant("ann", "ALPHA", Permission.BROWSE);
        store.grant("ann", "BETA", Permission.BROWSE);
        store.grant("ben", "ALPHA", Permission.BROWSE);
        long board = 1;
        closedSprint = store.addSprint(board, "Sprint 1", "closed", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 15));
        activeSprint = store.addSprint(board, "Sprint 2", "active", LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 29));
        futureSprint = store.addSprint(board, "Sprint 3", "future", LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 13));
        store.addVersion("ALPHA", "1.0", LocalDate.of(2026, 10, 1), true);
        store.addVersion("ALPHA", "2.0", LocalDate.of(2027, 1, 1), false);
        // ALPHA-1 epic, created 2026-11-01 09:00
        seeded("ALPHA", "Epic", "2026-11-01T09:00:00Z", "2026-11-01T09:00:00Z", i -> i.status = "In Progress");
        // ALPHA-2 story in epic, active sprint, labels, due date
        seeded("ALPHA", "Story", "2026-11-10T12:00:00Z", "2026-11-27T10:13:00Z", i -> {
            i.epicLinkKey = "ALPHA-1";
            i.sprintIds.add(closedSprint);
            i.sprintIds.add(activeSprint);
            i.labels.addAll(List.of("backend", "urgent"));
            i.components.add("API");
            i.assignee = "ann";
            i.dueDate = LocalDate.of(2026, 12, 1);
            i.fixVersionIds.add(store.versionOf("ALPHA", "2.0").id());
        });
        // ALPHA-3 sub-task of ALPHA-2, done
        seeded("ALPHA", "Sub-task", "2026-11-20T08:00:00Z", "2026-11-26T10:15:00Z", i -> {
            i.parentKey = "ALPHA-2";
            i.status = "Done";
            i.assignee = "ben";
        });
        // BETA-1 bug, future sprint, no assignee
        seeded("BETA", "Bug", "2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", i -> i.sprintIds.add(futureSprint));
    }

    private void seeded(String project, String type, String created, String updated, java.util.function.Consumer<SimIssue> init) {
        store.insertSeeded(store.projects.get(project), type, type + " in " + project, Instant.parse(created), Instant.parse(updated), init);
    }

    private List<String> search(String jql) {
        return search("ann", jql);
    }

    private List<String> search(String account, String jql) {
        JqlEvaluator.Compiled compiled = JqlEvaluator.compile(jql, store, store.account(account), NOW);
        return store.issues.values().stream()
                .filter(i -> store.canBrowse(store.account(account), i))
                .filter(compiled.filter())
                .sorted(compiled.order())
                .map(i -> i.key)
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "project = ALPHA ORDER BY key                         | ALPHA-1,ALPHA-2,ALPHA-3",
            "project = 'Beta Project'                             | BETA-1",
            "project in (alpha, BETA) ORDER BY key DESC           | BETA-1,ALPHA-3,ALPHA-2,ALPHA-1",
            "project != ALPHA                                     | BETA-1",
            "key = ALPHA-2                                        | ALPHA-2",
            "issuekey in (ALPHA-1, BETA-1) ORDER BY key           | ALPHA-1,BETA-1",
            "key > ALPHA-1 ORDER BY key                           | ALPHA-2,ALPHA-3",
            "key <= ALPHA-2 ORDER BY key                          | ALPHA-1,ALPHA-2",
            "issuetype = Story                                    | ALPHA-2",
            "type in (Epic, Bug) ORDER BY key                     | ALPHA-1,BETA-1",
            "issuetype in subTaskIssueTypes()                     | ALPHA-3",
            "status = 'In Progress'                               | ALPHA-1",
            "statusCategory = Done                                | ALPHA-3",
            "statusCategory != done ORDER BY key                  | ALPHA-1,ALPHA-2,BETA-1",
            "assignee = ann                                       | ALPHA-2",
            "assignee = currentUser()                             | ALPHA-2",
            "assignee != ann                                      | ALPHA-3",
            "assignee is EMPTY ORDER BY key                       | ALPHA-1,BETA-1",
            "assignee in (ann, EMPTY) ORDER BY key                | ALPHA-1,ALPHA-2,BETA-1",
            "labels = backend                                     | ALPHA-2",
            "labels is not empty                                  | ALPHA-2",
            "labels not in (urgent) ORDER BY key                  | \"\"",
            "component = API                                      | ALPHA-2",
            "fixVersion = '2.0'                                   | ALPHA-2",
            "fixVersion in unreleasedVersions()                   | ALPHA-2",
            "sprint in openSprints() ORDER BY key                 | ALPHA-2,BETA-1",
            "sprint in closedSprints()                            | ALPHA-2",
            "sprint in futureSprints()                            | BETA-1",
            "sprint = 'Sprint 2'                                  | ALPHA-2",
            "sprint is EMPTY ORDER BY key                         | ALPHA-1,ALPHA-3",
            "parent = ALPHA-2                                     | ALPHA-3",
            "'Epic Link' = ALPHA-1                                | ALPHA-2",
            "cf[10014] = ALPHA-1                                  | ALPHA-2",
            "created >= '2026-11-10' ORDER BY created             | ALPHA-2,ALPHA-3",
            "created < '2026/11/10 12:00' ORDER BY key            | ALPHA-1,BETA-1",
            "created <= '2026-11-10 12:00' ORDER BY key           | ALPHA-1,ALPHA-2,BETA-1",
            "updated >= -2m                                       | ALPHA-2",
            "updated >= -1d ORDER BY updated DESC                 | ALPHA-2,ALPHA-3",
            "updated > -1w ORDER BY key                           | ALPHA-2,ALPHA-3",
            "updated >= '-1d 1m' ORDER BY key                     | ALPHA-2,ALPHA-3",
            "duedate <= 2026-12-01                                | ALPHA-2",
            "duedate is empty ORDER BY key                        | ALPHA-1,ALPHA-3,BETA-1",
            "project = ALPHA AND status != Done ORDER BY key      | ALPHA-1,ALPHA-2",
            "project = BETA OR assignee = ben ORDER BY key        | ALPHA-3,BETA-1",
            "NOT project = ALPHA                                  | BETA-1",
            "not (project = ALPHA and issuetype = Epic) order by key | ALPHA-2,ALPHA-3,BETA-1",
            "\"project = ALPHA && (labels = urgent || status = Done) ORDER BY key\" | ALPHA-2,ALPHA-3",
            "ORDER BY rank ASC                                    | ALPHA-1,ALPHA-2,ALPHA-3,BETA-1",
            "filter = 10001 ORDER BY key                          | ALPHA-1,ALPHA-2,ALPHA-3",
            "filter in ('Filter for BETA board')                  | BETA-1",
            "filter != 10001                                      | BETA-1",
            "project = ALPHA ORDER BY duedate ASC, key DESC       | ALPHA-2,ALPHA-3,ALPHA-1",
    })
    void evaluatesTheSupportedSubsetLikeJira(String jql, String expected) {
        List<String> expectedKeys = expected == null || expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(search(jql)).isEqualTo(expectedKeys);
    }

    @Test
    void jqlDatesAreMinutePreciseSoAnIssueUpdatedWithinTheMinuteMatchesGreaterOrEqual() {
        // ALPHA-3 was updated at 10:15:00.000 on 2026-11-26; the literal names the minute.
        assertThat(search("updated >= '2026-11-26 10:15' AND key = ALPHA-3")).containsExactly("ALPHA-3");
        assertThat(search("updated > '2026-11-26 10:15' AND key = ALPHA-3")).isEmpty();
        assertThat(search("updated < '2026-11-26 10:16' AND key = ALPHA-3")).containsExactly("ALPHA-3");
    }

    @Test
    void relativeDatesCountFromTheCurrentMinute() {
        Instant twoMinutesAgo = JqlEvaluator.parseDate("-2m", NOW);
        assertThat(twoMinutesAgo).isEqualTo(Instant.parse("2026-11-27T10:13:00Z"));
        assertThat(JqlEvaluator.parseDate("-1w", NOW)).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
        assertThat(JqlEvaluator.parseDate("2h", NOW)).isEqualTo(Instant.parse("2026-11-27T12:15:00Z"));
        assertThat(JqlEvaluator.parseDate("2026/11/01", NOW)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(JqlEvaluator.parseDate("yesterday", NOW)).isNull();
        assertThat(JqlEvaluator.parseDate("2026-11-01 10:15:30", NOW)).isNull();
    }

    @Test
    void anAccountNeverSeesValuesOfProjectsItCannotBrowse() {
        assertThat(search("ben", "project = ALPHA ORDER BY key")).containsExactly("ALPHA-1", "ALPHA-2", "ALPHA-3");
        assertThatThrownBy(() -> search("ben", "project = BETA"))
                .hasMessage("The value 'BETA' does not exist for the field 'project'.");
        assertThatThrownBy(() -> search("ben", "key = BETA-1"))
                .hasMessage("An issue with key 'BETA-1' does not exist for field 'key'.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "project = NOPE                 | The value 'NOPE' does not exist for the field 'project'.",
            "key = ALPHA-99                 | An issue with key 'ALPHA-99' does not exist for field 'key'.",
            "key in (ALPHA-1, ZZZ-1)        | The issue key 'ZZZ-1' for field 'key' is invalid.",
            "status = Blocked               | The value 'Blocked' does not exist for the field 'status'.",
            "assignee = nobody              | The value 'nobody' does not exist for the field 'assignee'.",
            "sprint = 'Sprint 99'           | The value 'Sprint 99' does not exist for the field 'sprint'.",
            "fixVersion = 9.9               | The value '9.9' does not exist for the field 'fixVersion'.",
            "foo = bar                      | Field 'foo' does not exist or you do not have permission to view it.",
            "summary ~ login                | The field 'summary' is outside the JQL subset that the Boxsync Jira simulator evaluates.",
            "priority = High                | The field 'priority' is outside the JQL subset that the Boxsync Jira simulator evaluates.",
            "project > ALPHA                | The operator '>' is not supported by the 'project' field.",
            "project is EMPTY and key = ALPHA-1 | The operator 'is' is not supported by the 'project' field.",
            "sprint = openSprints()         | Operator '=' does not support the list value 'openSprints()' for field 'sprint'.",
            "filter = 99                    | A filter with name or id '99' does not exist or you do not have permission to view it.",
            "sprint in mySprints()          | Unable to find JQL function 'mySprints()'.",
            "updated >= yesterday           | Date value 'yesterday' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
            "status was Done                | The operator 'was' is not supported by the Boxsync Jira simulator; history searches are outside its JQL subset.",
            "ORDER BY description           | Field 'description' does not exist or you do not have permission to view it.",
    })
    void rejectsWhatJiraRejectsAndWhatTheSubsetDoesNotCover(String jql, String message) {
        if (message.isEmpty()) {
            assertThat(search(jql)).isEmpty();
            return;
        }
        assertThatThrownBy(() -> search(jql)).isInstanceOf(JqlException.class).hasMessage(message);
    }

    @Test
    void changesShowUpInTheNextEvaluation() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("labels", List.of("fresh"));
        store.updateIssue(store.account("ann"), store.issues.get("BETA-1"), fields, null);
        assertThat(search("labels = fresh")).containsExactly("BETA-1");
        assertThat(search("updated >= -1m")).contains("BETA-1");
    }
}
