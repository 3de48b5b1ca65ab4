package io.boxsync.connector.trello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorFactory;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.ScopeQuery.Source;
import io.boxsync.connector.ScopeQuery.SourceKind;
import java.time.LocalDate;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TrelloScopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void boardsAndListsAreJoinedByOrAndLabelsFilter() throws Exception {
        TrelloScope scope = TrelloScope.of(new ScopeQuery(List.of(new Source(SourceKind.BOARD, "b1"),
                new Source(SourceKind.LIST, "l9"), new Source(SourceKind.LABEL, "urgent")), ""));

        assertThat(scope.contains(card("b1", "l1", false, "urgent"))).isTrue();
        assertThat(scope.contains(card("b2", "l9", false, "urgent"))).isTrue();
        assertThat(scope.contains(card("b2", "l2", false, "urgent"))).isFalse();
        assertThat(scope.contains(card("b1", "l1", false, "later"))).isFalse();
        assertThat(scope.contains(card("b1", "l1", true, "urgent"))).as("archived").isFalse();
    }

    @Test
    void aNarrowingQueryIsRefusedBecauseTrelloHasNoQueryLanguage() {
        assertThatThrownBy(() -> TrelloScope.of(new ScopeQuery(List.of(new Source(SourceKind.BOARD, "b1")),
                "project = X"))).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("LABEL")
                .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.CONFIGURATION);
    }

    @Test
    void projectSourcesAndLabelOnlyScopesAreRefused() {
        assertThatThrownBy(() -> TrelloScope.of(ScopeQuery.ofProjects("PRJ")))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("PROJECT");
        assertThatThrownBy(() -> TrelloScope.of(new ScopeQuery(List.of(new Source(SourceKind.LABEL, "x")), "")))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("at least one board or list");
    }

    @Test
    void daysAreWrittenAtNoonUtcAndReadBackAsTheSameDay() {
        String written = TrelloDates.toTrello(LocalDate.of(2026, 3, 1));
        assertThat(written).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(TrelloDates.toDay(written)).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(TrelloDates.toDay("2016-05-24T10:00:00.000Z")).isEqualTo(LocalDate.of(2016, 5, 24));
        assertThat(TrelloDates.toDay(null)).isNull();
    }

    @Test
    void theFactoryIsFoundByServiceLoaderForTrelloOnly() {
        List<ConnectorFactory> factories = ServiceLoader.load(ConnectorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f instanceof TrelloConnectorFactory).toList();
        assertThat(factories).hasSize(1);
        assertThat(factories.get(0).supports(ConnectionKind.TRELLO)).isTrue();
        assertThat(factories.get(0).supports(ConnectionKind.JIRA_CLOUD)).isFalse();
    }

    private static JsonNode card(String board, String list, boolean closed, String label) throws Exception {
        return JSON.readTree("{\"id\":\"c\",\"idBoard\":\"" + board + "\",\"idList\":\"" + list + "\",\"closed\":"
                + closed + ",\"labels\":[{\"name\":\"" + label + "\",\"color\":\"red\"}]}");
    }
}
