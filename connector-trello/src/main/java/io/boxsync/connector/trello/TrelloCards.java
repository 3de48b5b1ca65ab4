package io.boxsync.connector.trello;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.StatusCategory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Trello card JSON into {@link RemoteIssue}s. Trello has no status: the card's list is its status and its
 * cadence; a card whose due date is marked complete, or which sits in a list named like "Done", counts as done.
 */
final class TrelloCards {
    /** The card fields the connector asks for. */
    static final String FIELDS = "name,idBoard,idList,idMembers,idLabels,labels,closed,due,dueComplete,start,"
            + "dateLastActivity,shortLink";

    private TrelloCards() {
    }

    /**
     * @param listNames list id to name, for the status and the cadence's name; a missing list gives an empty name
     */
    static RemoteIssue toIssue(JsonNode card, Map<String, String> listNames) {
        return toIssue(card, listNames, Map.of());
    }

    /**
     * @param listNames   list id to name, for the status and the cadence's name; a missing list gives an empty name
     * @param memberNames member id to full name, for the assignee's name (else from a nested {@code members} array)
     */
    static RemoteIssue toIssue(JsonNode card, Map<String, String> listNames, Map<String, String> memberNames) {
        String id = card.path("id").asText("");
        if (id.isEmpty()) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_RESPONSE, "a Trello card without an id");
        }
        Instant updated = TrelloDates.toInstant(card.path("dateLastActivity").asText(null));
        if (updated == null) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_RESPONSE,
                    "Trello card " + id + " has no dateLastActivity");
        }
        String idList = card.path("idList").asText("");
        String listName = listNames.getOrDefault(idList, card.path("list").path("name").asText(""));
        boolean closed = card.path("closed").asBoolean(false);
        String status = closed ? "Archived" : listName;
        List<String> labels = new ArrayList<>();
        card.path("labels").forEach(l -> {
            String name = l.path("name").asText("");
            labels.add(name.isEmpty() ? l.path("color").asText("") : name);
        });
        JsonNode members = card.path("idMembers");
        String assignee = members.isArray() && !members.isEmpty() ? members.get(0).asText() : null;
        String assigneeName = assignee == null ? null : memberNames.get(assignee);
        for (JsonNode member : card.path("members")) {
            if (assigneeName == null && member.path("id").asText().equals(assignee)) {
                assigneeName = member.path("fullName").asText(null);
            }
        }
        List<IterationRef> iterations = idList.isEmpty() ? List.of()
                : List.of(new IterationRef(IterationRef.Kind.LIST, idList, listName));
        return new RemoteIssue(IssueKey.of(id), card.path("idBoard").asText(""), "Card",
                card.path("name").asText(""), status, category(card, listName), assignee, assigneeName,
                TrelloDates.toDay(text(card, "start")), TrelloDates.toDay(text(card, "due")), null, null,
                iterations, List.of(), labels, null, null, List.of(), updated);
    }

    private static StatusCategory category(JsonNode card, String listName) {
        String name = listName.toLowerCase(Locale.ROOT);
        if (card.path("dueComplete").asBoolean(false) || card.path("closed").asBoolean(false)
                || name.matches(".*\\b(done|closed|complete[d]?|finished|shipped)\\b.*")) {
            return StatusCategory.DONE;
        }
        if (name.matches(".*\\b(doing|in progress|wip|review|testing)\\b.*")) {
            return StatusCategory.IN_PROGRESS;
        }
        return StatusCategory.TO_DO;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
