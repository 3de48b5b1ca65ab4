package io.boxsync.connector.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.StatusCategory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Reads Redmine issue JSON ({@code /issues.json} items, {@code /issues/{id}.json}'s {@code issue}) into
 * {@link RemoteIssue}. Pure and thread-safe. Lenient with Redmine 1.x formats ({@code 2011/01/24},
 * {@code 2011/01/24 13:59:25 -0800}), strict about what must be there (id, updated_on).
 */
final class RedmineIssueMapper {
    private static final DateTimeFormatter LEGACY_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss Z");

    private final LongFunction<String> projectIdentifier;
    private final Map<Long, Long> trackerDefaultStatus;
    private final String storyPointsField;

    /**
     * @param projectIdentifier   a project's identifier by its numeric id (issues name projects by id and name only)
     * @param trackerDefaultStatus tracker id to its default status id: an issue still in it is "to do"
     * @param storyPointsField    the custom field holding story points ({@code cf_5} or {@code 5}), empty for none
     */
    RedmineIssueMapper(LongFunction<String> projectIdentifier, Map<Long, Long> trackerDefaultStatus,
                       String storyPointsField) {
        this.projectIdentifier = projectIdentifier;
        this.trackerDefaultStatus = Map.copyOf(trackerDefaultStatus);
        this.storyPointsField = storyPointsField == null ? "" : storyPointsField.replaceFirst("^cf_", "").strip();
    }

    RemoteIssue toIssue(JsonNode json) {
        if (!json.path("id").canConvertToLong() || json.path("id").asLong() <= 0) {
            throw invalid("an issue without a numeric id: " + snippet(json));
        }
        long id = json.path("id").asLong();
        Instant updated = timestamp(json.path("updated_on"));
        if (updated == null) {
            throw invalid("issue #" + id + " has no readable updated_on");
        }
        JsonNode project = json.path("project");
        String projectKey = project.has("id") ? projectIdentifier.apply(project.path("id").asLong()) : null;
        JsonNode status = json.path("status");
        JsonNode assignee = json.path("assigned_to");
        JsonNode version = json.path("fixed_version");
        List<IterationRef> iterations = version.has("id")
                ? List.of(new IterationRef(IterationRef.Kind.VERSION, version.path("id").asText(),
                        version.path("name").asText("")))
                : List.of();
        JsonNode category = json.path("category");
        List<String> components = category.has("name") ? List.of(category.path("name").asText()) : List.of();
        JsonNode parent = json.path("parent");
        IssueKey parentKey = parent.has("id") ? IssueKey.of(parent.path("id").asText()) : null;
        return new RemoteIssue(
                IssueKey.of(Long.toString(id)),
                projectKey,
                text(json.path("tracker").path("name")),
                json.path("subject").asText(""),
                text(status.path("name")),
                category(json),
                assignee.has("id") ? assignee.path("id").asText() : null,
                assignee.has("name") ? assignee.path("name").asText() : null,
                date(json.path("start_date")),
                date(json.path("due_date")),
                estimateSeconds(json.path("estimated_hours")),
                storyPoints(json.path("custom_fields")),
                iterations,
                components,
                List.of(),
                parentKey,
                null,
                links(json.path("relations")),
                updated);
    }

    /** Relations as links read from the side Redmine stores them on ({@code issue_id} relation_type {@code issue_to_id}). */
    static List<RemoteLink> links(JsonNode relations) {
        List<RemoteLink> links = new ArrayList<>();
        for (JsonNode relation : relations) {
            if (!relation.has("id") || !relation.has("issue_id") || !relation.has("issue_to_id")) {
                continue;
            }
            JsonNode delay = relation.path("delay");
            links.add(new RemoteLink(
                    relation.path("id").asText(),
                    relation.path("relation_type").asText("relates"),
                    IssueKey.of(relation.path("issue_id").asText()),
                    IssueKey.of(relation.path("issue_to_id").asText()),
                    delay.canConvertToInt() ? delay.asInt() : 0));
        }
        return links;
    }

    private StatusCategory category(JsonNode json) {
        JsonNode status = json.path("status");
        if (status.path("is_closed").asBoolean(false)) {
            return StatusCategory.DONE;
        }
        Long defaultStatus = trackerDefaultStatus.get(json.path("tracker").path("id").asLong(-1));
        if (defaultStatus != null) {
            return defaultStatus == status.path("id").asLong(-1) ? StatusCategory.TO_DO : StatusCategory.IN_PROGRESS;
        }
        // Without the tracker list, Redmine's shipped default status name is the best hint of "not started".
        return "new".equals(status.path("name").asText("").toLowerCase(Locale.ROOT))
                ? StatusCategory.TO_DO : StatusCategory.IN_PROGRESS;
    }

    private static Long estimateSeconds(JsonNode hours) {
        return hours.isNumber() ? Math.round(hours.asDouble() * 3600) : null;
    }

    private Double storyPoints(JsonNode customFields) {
        if (storyPointsField.isEmpty()) {
            return null;
        }
        for (JsonNode field : customFields) {
            if (storyPointsField.equals(field.path("id").asText())) {
                String value = field.path("value").asText("").strip();
                try {
                    return value.isEmpty() ? null : Double.valueOf(value);
                } catch (NumberFormatException notANumber) {
                    return null;
                }
            }
        }
        return null;
    }

    /** {@code 2026-12-01} or Redmine 1.x's {@code 2011/01/24}; null for none or unreadable. */
    static LocalDate date(JsonNode node) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(node.asText().strip().replace('/', '-'));
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    /** ISO-8601 ({@code 2020-12-10T13:59:25Z}) or Redmine 1.x's {@code 2011/01/24 13:59:25 -0800}. */
    static Instant timestamp(JsonNode node) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return null;
        }
        String text = node.asText().strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notIso) {
            try {
                return OffsetDateTime.parse(text, LEGACY_TIMESTAMP).toInstant();
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static String snippet(JsonNode json) {
        String text = json.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static ConnectorException invalid(String message) {
        return new ConnectorException(ConnectorException.Kind.INVALID_RESPONSE, "Redmine answered " + message);
    }
}
