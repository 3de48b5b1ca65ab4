package io.boxsync.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.ScopeQuery.Source;
import io.boxsync.connector.ScopeQuery.SourceKind;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotBlank;

class JqlProperties {

    @Property(tries = 200)
    void any_quoted_value_is_exactly_one_closed_string_literal(@ForAll String value) {
        String expression = "summary ~ " + Jql.quote(value);

        assertThat(Jql.checkedExpression(expression, "test")).isEqualTo(expression.strip());
    }

    @Property(tries = 200)
    void a_label_source_never_lets_its_value_out_of_the_literal(@ForAll @NotBlank String label) {
        String jql = Jql.scope(new ScopeQuery(List.of(new Source(SourceKind.LABEL, label)), ""), board -> "");

        assertThat(jql).startsWith("labels = \"").endsWith("\"");
        assertThat(Jql.checkedExpression(jql, "test")).isNotEmpty();
    }

    @Property(tries = 200)
    void a_project_source_is_either_a_valid_quoted_key_or_refused(@ForAll @NotBlank String key) {
        try {
            String jql = Jql.scope(ScopeQuery.ofProjects(key), board -> "");
            assertThat(key.strip()).matches("[A-Za-z][A-Za-z0-9_]*");
            assertThat(jql).isEqualTo("project = \"" + key.strip() + "\"");
        } catch (ConnectorException refused) {
            assertThat(refused.kind()).isEqualTo(ConnectorException.Kind.CONFIGURATION);
        }
    }
}
