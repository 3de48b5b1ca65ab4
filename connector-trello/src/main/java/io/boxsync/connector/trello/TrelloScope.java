package io.boxsync.connector.trello;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ScopeQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link ScopeQuery} in Trello's terms: cards of the boards and lists (joined by OR), kept only when they carry
 * one of the labels, if labels are named. Archived cards are never in scope.
 */
record TrelloScope(List<String> boards, List<String> lists, Set<String> labels) {

    static TrelloScope of(ScopeQuery scope) {
        List<String> boards = new ArrayList<>();
        List<String> lists = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        for (ScopeQuery.Source source : scope.sources()) {
            switch (source.kind()) {
                case BOARD -> addOnce(boards, source.value().strip());
                case LIST -> addOnce(lists, source.value().strip());
                case LABEL -> labels.add(source.value().strip());
                default -> throw new ConnectorException(ConnectorException.Kind.CONFIGURATION,
                        "a Trello scope takes boards, lists and labels, not " + source.kind());
            }
        }
        if (boards.isEmpty() && lists.isEmpty()) {
            throw new ConnectorException(ConnectorException.Kind.CONFIGURATION,
                    "a Trello scope needs at least one board or list; labels only narrow it");
        }
        if (!scope.narrowing().isEmpty()) {
            throw new ConnectorException(ConnectorException.Kind.CONFIGURATION,
                    "Trello has no query language; narrow a Trello scope with LABEL sources instead");
        }
        return new TrelloScope(List.copyOf(boards), List.copyOf(lists), Set.copyOf(labels));
    }

    private static void addOnce(List<String> ids, String id) {
        if (!ids.contains(id)) {
            ids.add(id);
        }
    }

    /** The number of sources read one after the other: boards first, then lists. */
    int sourceCount() {
        return boards.size() + lists.size();
    }

    /** Whether the card (Trello JSON with idBoard, idList, closed, labels) is in this scope. */
    boolean contains(JsonNode card) {
        if (card.path("closed").asBoolean(false)) {
            return false;
        }
        boolean inSource = boards.contains(card.path("idBoard").asText())
                || lists.contains(card.path("idList").asText());
        return inSource && hasWantedLabel(card);
    }

    boolean hasWantedLabel(JsonNode card) {
        if (labels.isEmpty()) {
            return true;
        }
        for (JsonNode label : card.path("labels")) {
            if (labels.contains(label.path("name").asText())) {
                return true;
            }
        }
        return false;
    }
}
