package io.boxsync.connector.redmine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.boxsync.connector.ConnectorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedmineFiltersTest {

    @Test
    void knownFiltersAreKeptWithTheirOperatorsDecoded() {
        RedmineFilters filters = RedmineFilters.parse("tracker_id=1&status_id=*&due_date=%3E%3D2026-01-01&cf_4=~urgent");

        assertThat(filters.params()).containsExactly(
                Map.entry("tracker_id", "1"), Map.entry("status_id", "*"),
                Map.entry("due_date", ">=2026-01-01"), Map.entry("cf_4", "~urgent"));
        assertThat(filters.sets("status_id")).isTrue();
    }

    @Test
    void anUnknownFilterNameIsRefusedBecauseRedmineWouldSilentlyIgnoreIt() {
        assertThatThrownBy(() -> RedmineFilters.parse("tracker=1"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CONFIGURATION))
                .hasMessageContaining("'tracker' is not a Redmine issue filter");
    }

    @Test
    void parametersTheConnectorSetsItselfAreRefused() {
        assertThatThrownBy(() -> RedmineFilters.parse("project_id=other"))
                .hasMessageContaining("set by Boxsync itself");
        assertThatThrownBy(() -> RedmineFilters.parse("tracker_id=1&limit=1000"))
                .hasMessageContaining("'limit'");
    }

    @Test
    void aPartWithoutValueIsRefused() {
        assertThatThrownBy(() -> RedmineFilters.parse("tracker_id")).hasMessageContaining("not name=value");
        assertThatThrownBy(() -> RedmineFilters.parse("tracker_id=")).hasMessageContaining("has no value");
    }

    @Test
    void blankTextMeansNoFilter() {
        assertThat(RedmineFilters.parse("  ").isEmpty()).isTrue();
        assertThat(RedmineFilters.parse(null).isEmpty()).isTrue();
    }
}
