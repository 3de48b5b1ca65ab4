package io.boxsync.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.ScopeQuery.Source;
import io.boxsync.connector.ScopeQuery.SourceKind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JqlTest {

    private static String scope(String narrowing, Source... sources) {
        return Jql.scope(new ScopeQuery(List.of(sources), narrowing), board -> "filter = 1" + board);
    }

    @Test
    void values_are_quoted_with_quotes_and_backslashes_escaped() {
        assertThat(Jql.quote("a \"b\" \\c")).isEqualTo("\"a \\\"b\\\" \\\\c\"");
    }

    @Test
    void sources_are_or_ed_and_the_narrowing_is_and_ed_in_parentheses() {
        String jql = scope("assignee = currentUser()", new Source(SourceKind.PROJECT, "ABC"),
                new Source(SourceKind.SAVED_FILTER, "10100"), new Source(SourceKind.BOARD, "7"),
                new Source(SourceKind.LABEL, "team \"x\""));

        assertThat(jql).isEqualTo("(project = \"ABC\" OR filter = 10100 OR filter = 17 OR labels = \"team \\\"x\\\"\")"
                + " AND (assignee = currentUser())");
    }

    @Test
    void a_project_key_that_is_not_a_key_is_refused_instead_of_pasted_into_jql() {
        assertThatThrownBy(() -> scope("", new Source(SourceKind.PROJECT, "ABC\" OR project = \"SECRET")))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CONFIGURATION));
    }

    @Test
    void a_narrowing_that_would_escape_its_parentheses_or_reorder_is_refused() {
        for (String bad : List.of("status = Done) OR (project = SECRET", "status = Done ORDER BY rank",
                "summary ~ \"unclosed", "(a = b")) {
            assertThatThrownBy(() -> scope(bad, new Source(SourceKind.PROJECT, "ABC")))
                    .as(bad).isInstanceOf(ConnectorException.class);
        }
    }

    @Test
    void parentheses_and_order_by_inside_string_literals_are_fine() {
        assertThat(scope("summary ~ \"a) order by (b\"", new Source(SourceKind.PROJECT, "ABC")))
                .endsWith("AND (summary ~ \"a) order by (b\")");
    }

    @Test
    void a_trello_list_is_no_jira_source() {
        assertThatThrownBy(() -> scope("", new Source(SourceKind.LIST, "abc")))
                .isInstanceOf(ConnectorException.class);
    }

    @Test
    void key_lists_accept_only_issue_keys() {
        assertThat(Jql.keyIn(List.of("ABC-1", "X_Y-22"))).isEqualTo("key in (\"ABC-1\", \"X_Y-22\")");
        assertThatThrownBy(() -> Jql.keyIn(List.of("ABC-1\")"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dates_are_minute_literals_in_the_users_zone_rounded_down() {
        Instant instant = Instant.parse("2026-11-27T10:00:59.999Z");

        assertThat(Jql.dateTime(instant, ZoneOffset.UTC)).isEqualTo("\"2026-11-27 10:00\"");
        assertThat(Jql.dateTime(instant, ZoneId.of("Australia/Sydney"))).isEqualTo("\"2026-11-27 21:00\"");
        assertThat(Jql.dateTime(instant, ZoneId.of("America/Los_Angeles"))).isEqualTo("\"2026-11-27 02:00\"");
    }
}
