package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.boxsync.simulator.jira.JqlAst.And;
import io.boxsync.simulator.jira.JqlAst.Clause;
import io.boxsync.simulator.jira.JqlAst.ListOperand;
import io.boxsync.simulator.jira.JqlAst.Not;
import io.boxsync.simulator.jira.JqlAst.Or;
import io.boxsync.simulator.jira.JqlAst.Query;
import io.boxsync.simulator.jira.JqlAst.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JqlParserTest {
    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        Query query = JqlParser.parse("a = 1 OR NOT b = 2 AND c = 3");
        assertThat(query.where()).isInstanceOf(Or.class);
        Or or = (Or) query.where();
        assertThat(or.children().get(0)).isInstanceOf(Clause.class);
        And and = (And) or.children().get(1);
        assertThat(and.children().get(0)).isInstanceOf(Not.class);
    }

    @Test
    void parsesQuotedFieldsListsFunctionsAndOrderBy() {
        Query query = JqlParser.parse("\"Epic Link\" in ('A-1', \"B \\\"2\\\"\") AND sprint in openSprints() ORDER BY rank, key DESC");
        And and = (And) query.where();
        Clause epic = (Clause) and.children().get(0);
        assertThat(epic.field()).isEqualTo("Epic Link");
        assertThat(epic.operator()).isEqualTo("IN");
        assertThat(((ListOperand) epic.operand()).values()).containsExactly(new Value("A-1", true), new Value("B \"2\"", true));
        Clause sprint = (Clause) and.children().get(1);
        assertThat(sprint.operand()).isEqualTo(new JqlAst.Function("openSprints", java.util.List.of()));
        assertThat(query.orderBy()).extracting(JqlAst.Sort::field, JqlAst.Sort::ascending)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rank", true), org.assertj.core.groups.Tuple.tuple("key", false));
    }

    @Test
    void emptyQueriesAndBareOrderByHaveNoRestriction() {
        assertThat(JqlParser.parse("").where()).isNull();
        assertThat(JqlParser.parse("  order by key").where()).isNull();
    }

    @Test
    void negativeOperatorsAndCustomFieldIdsTokenize() {
        Clause clause = (Clause) JqlParser.parse("cf[10015] not in (2026-01-01) ").where();
        assertThat(clause.field()).isEqualTo("cf[10015]");
        assertThat(clause.operator()).isEqualTo("NOT IN");
        Clause isNot = (Clause) JqlParser.parse("duedate is not empty").where();
        assertThat(isNot.operator()).isEqualTo("IS NOT");
        Clause relative = (Clause) JqlParser.parse("updated >= -5m").where();
        assertThat(relative.operand()).isEqualTo(new Value("-5m", false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "project =                 | Error in the JQL Query: Expecting either a value, list or function but got end of query. The invalid query was found at line 1, position 9.",
            "project ALPHA             | Error in the JQL Query: Expecting operator but got 'ALPHA'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. The invalid query was found at line 1, position 8.",
            "(project = A              | Error in the JQL Query: Expecting ')' but got end of query. The invalid query was found at line 1, position 12.",
            "project = A B = C         | Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'B'. The invalid query was found at line 1, position 12.",
            "project = 'A              | Error in the JQL Query: The quoted string 'A' has not been completed. The invalid query was found at line 1, position 10.",
            "project in ()             | Error in the JQL Query: Expecting a value but got ')'. The invalid query was found at line 1, position 12.",
            "status is Done            | Error in the JQL Query: Expecting 'EMPTY' or 'NULL' but got 'Done'. The invalid query was found at line 1, position 10.",
            "project = and             | Error in the JQL Query: Expecting either a value, list or function but got 'and'. You must surround 'and' in quotation marks to use it as a value. The invalid query was found at line 1, position 10.",
            "order key                 | Error in the JQL Query: Expecting 'by' but got 'key'. The invalid query was found at line 1, position 6.",
            "labels = a[b]             | Error in the JQL Query: The character '[' is a reserved JQL character. You must enclose it in a string or use the escape '\\u005b' instead. The invalid query was found at line 1, position 10.",
    })
    void syntaxErrorsCarryJirasWordingAndPosition(String jql, String message) {
        assertThatThrownBy(() -> JqlParser.parse(jql)).isInstanceOf(JqlException.class).hasMessage(message);
    }
}
