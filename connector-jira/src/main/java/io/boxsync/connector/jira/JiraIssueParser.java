package io.boxsync.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.StatusCategory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a Jira issue bean (REST v2 or v3, search result or webhook body) to a {@link RemoteIssue} through the field
 * mapping. Tolerant: missing or odd values become {@code null} or empty, only a missing key is an error. Thread-safe.
 */
final class JiraIssueParser {
    /** One day of Jira's time tracking with the default 8 hours per day. */
    static final long SECONDS_PER_ESTIMATE_DAY = 8 * 3600;

    private static final Pattern GREENHOPPER_ID = Pattern.compile("[\\[,]id=(\\d+)");
    private static final Pattern GREENHOPPER_NAME = Pattern.compile(",name=([^,\\]]*)");

    private final FieldMapping mapping;
    private final String sprintField;
    private final String epicLinkField;

    JiraIssueParser(FieldMapping mapping, String sprintField, String epicLinkField) {
        this.mapping = mapping;
        this.sprintField = sprintField;
        this.epicLinkField = epicLinkField;
    }

    /** The field ids to ask Jira for, so that {@link #parse} finds everything it maps. */
    List<String> fieldIds() {
        Set<String> ids = new LinkedHashSet<>(List.of("summary", "issuetype", "status", "assignee", "project", "parent",
                "issuelinks", "fixVersions", "components", "labels", "updated", "timeoriginalestimate", "timetracking"));
        for (String field : List.of(mapping.startField(), mapping.endField(), mapping.storyPointsField(), sprintField,
                epicLinkField)) {
            if (field != null && !field.isBlank()) {
                ids.add(field);
            }
        }
        return List.copyOf(ids);
    }

    RemoteIssue parse(JsonNode issue) {
        String key = issue.path("key").asText("");
        if (key.isBlank()) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_RESPONSE, "a Jira issue without a key");
        }
        JsonNode fields = issue.path("fields");
        IssueKey self = IssueKey.of(key);
        JsonNode status = fields.path("status");
        JsonNode assignee = fields.path("assignee");
        Long estimate = estimateSeconds(fields);
        LocalDate start = field(fields, mapping.startField()).flatMapDate();
        LocalDate end = mapping.endFromEstimate()
                ? endFromEstimate(start, estimate)
                : field(fields, mapping.endField()).flatMapDate();
        JsonNode parent = fields.path("parent");
        IssueKey parentKey = keyOf(parent);
        Instant updated = JiraTimestamps.instant(fields.path("updated")).orElse(Instant.EPOCH);
        return new RemoteIssue(
                self,
                text(fields.path("project").path("key")),
                text(fields.path("issuetype").path("name")),
                text(fields.path("summary")),
                text(status.path("name")),
                statusCategory(status.path("statusCategory").path("key").asText("")),
                accountId(assignee),
                text(assignee.path("displayName")),
                start,
                end,
                estimate,
                storyPoints(fields),
                iterations(fields),
                names(fields.path("components")),
                strings(fields.path("labels")),
                parentKey,
                epicKey(fields, parent),
                links(self, fields.path("issuelinks")),
                updated);
    }

    /** Jira status category keys: new, indeterminate, done (undefined counts as to do). */
    static StatusCategory statusCategory(String key) {
        switch (key.toLowerCase(Locale.ROOT)) {
            case "indeterminate":
                return StatusCategory.IN_PROGRESS;
            case "done":
                return StatusCategory.DONE;
            default:
                return StatusCategory.TO_DO;
        }
    }

    /** The account id of a user object: Cloud {@code accountId}, Data Center {@code key}, old servers {@code name}. */
    static String accountId(JsonNode user) {
        for (String property : List.of("accountId", "key", "name")) {
            String value = user.path(property).asText("");
            if (!value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private record Field(JsonNode node) {
        LocalDate flatMapDate() {
            return JiraTimestamps.date(node).orElse(null);
        }
    }

    private static Field field(JsonNode fields, String id) {
        return new Field(id == null || id.isBlank() ? null : fields.get(id));
    }

    private static LocalDate endFromEstimate(LocalDate start, Long estimateSeconds) {
        if (start == null || estimateSeconds == null) {
            return null;
        }
        long days = Math.max(1, (estimateSeconds + SECONDS_PER_ESTIMATE_DAY - 1) / SECONDS_PER_ESTIMATE_DAY);
        return start.plusDays(days - 1);
    }

    private static Long estimateSeconds(JsonNode fields) {
        JsonNode original = fields.path("timeoriginalestimate");
        if (original.isNumber()) {
            return original.asLong();
        }
        JsonNode tracking = fields.path("timetracking").path("originalEstimateSeconds");
        return tracking.isNumber() ? tracking.asLong() : null;
    }

    private Double storyPoints(JsonNode fields) {
        JsonNode points = fields.path(mapping.storyPointsField());
        if (mapping.storyPointsField().isBlank() || !points.isNumber() && !points.isTextual()) {
            return null;
        }
        try {
            return points.isNumber() ? points.asDouble() : Double.valueOf(points.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private List<IterationRef> iterations(JsonNode fields) {
        List<IterationRef> result = new ArrayList<>();
        JsonNode sprints = sprintField.isBlank() ? null : fields.get(sprintField);
        if (sprints != null && !sprints.isNull()) {
            if (sprints.isArray()) {
                sprints.forEach(s -> sprint(s, result));
            } else {
                sprint(sprints, result);
            }
        }
        for (JsonNode version : fields.path("fixVersions")) {
            String id = version.path("id").asText("");
            if (!id.isBlank()) {
                result.add(new IterationRef(IterationRef.Kind.VERSION, id, version.path("name").asText("")));
            }
        }
        return result;
    }

    /** Cloud sends sprint objects; Data Center before 8.x sends GreenHopper strings; some payloads send bare ids. */
    private static void sprint(JsonNode sprint, List<IterationRef> into) {
        if (sprint.isObject()) {
            String id = sprint.path("id").asText("");
            if (!id.isBlank()) {
                into.add(new IterationRef(IterationRef.Kind.SPRINT, id, sprint.path("name").asText("")));
            }
        } else if (sprint.isNumber()) {
            into.add(new IterationRef(IterationRef.Kind.SPRINT, sprint.asText(), ""));
        } else if (sprint.isTextual()) {
            String text = sprint.asText();
            Matcher id = GREENHOPPER_ID.matcher(text);
            if (id.find()) {
                Matcher name = GREENHOPPER_NAME.matcher(text);
                into.add(new IterationRef(IterationRef.Kind.SPRINT, id.group(1), name.find() ? name.group(1) : ""));
            } else if (Jql.isNumber(text.strip())) {
                into.add(new IterationRef(IterationRef.Kind.SPRINT, text.strip(), ""));
            }
        }
    }

    private IssueKey epicKey(JsonNode fields, JsonNode parent) {
        JsonNode epicLink = epicLinkField.isBlank() ? null : fields.get(epicLinkField);
        if (epicLink != null && epicLink.isTextual() && !epicLink.asText().isBlank()) {
            return IssueKey.of(epicLink.asText());
        }
        IssueKey agileEpic = keyOf(fields.path("epic"));
        if (agileEpic != null) {
            return agileEpic;
        }
        JsonNode parentType = parent.path("fields").path("issuetype");
        boolean parentIsEpic = "Epic".equalsIgnoreCase(parentType.path("name").asText(""))
                || parentType.path("hierarchyLevel").asInt(0) == 1;
        return parentIsEpic ? keyOf(parent) : null;
    }

    /**
     * On issue X, a link holding {@code outwardIssue: Y} reads "X (outward phrase) Y", so X is the outward side;
     * one holding {@code inwardIssue: Y} reads "X (inward phrase) Y", i.e. "Y (outward phrase) X".
     */
    private static List<RemoteLink> links(IssueKey self, JsonNode issueLinks) {
        List<RemoteLink> links = new ArrayList<>();
        for (JsonNode link : issueLinks) {
            String id = link.path("id").asText("");
            String type = link.path("type").path("name").asText("");
            IssueKey outward = keyOf(link.path("outwardIssue"));
            IssueKey inward = keyOf(link.path("inwardIssue"));
            if (id.isBlank() || type.isBlank()) {
                continue;
            }
            if (outward != null) {
                links.add(new RemoteLink(id, type, self, outward, 0));
            } else if (inward != null) {
                links.add(new RemoteLink(id, type, inward, self, 0));
            }
        }
        return links;
    }

    private static IssueKey keyOf(JsonNode node) {
        String key = node.path("key").asText("");
        return key.isBlank() ? null : IssueKey.of(key);
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> {
            String name = n.path("name").asText("");
            if (!name.isBlank()) {
                names.add(name);
            }
        });
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> {
            if (n.isTextual()) {
                values.add(n.asText());
            }
        });
        return values;
    }
}
