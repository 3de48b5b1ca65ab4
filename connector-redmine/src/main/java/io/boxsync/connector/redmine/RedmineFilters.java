package io.boxsync.connector.redmine;

import io.boxsync.connector.ConnectorException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Redmine issue filters written by an admin ({@code tracker_id=1&status_id=*&cf_4=~urgent}), checked against the
 * filter names Redmine's issue query knows. Redmine silently ignores an unknown filter name, which would widen a
 * Box's scope without anyone noticing, so an unknown or reserved name is refused instead. Immutable.
 */
record RedmineFilters(List<Map.Entry<String, String>> params) {

    /** Filter names of Redmine 5's IssueQuery that a scope may use. */
    static final Set<String> ALLOWED = Set.of(
            "status_id", "tracker_id", "priority_id", "author_id", "assigned_to_id", "member_of_group",
            "assigned_to_role", "fixed_version_id", "fixed_version.due_date", "fixed_version.status", "category_id",
            "subject", "description", "notes", "created_on", "closed_on", "start_date", "due_date",
            "estimated_hours", "total_estimated_hours", "done_ratio", "is_private", "attachment", "watcher_id",
            "updated_by", "last_updated_by", "subproject_id", "parent_id", "child_id", "relates", "duplicates",
            "duplicated", "blocks", "blocked", "precedes", "follows", "copied_to", "copied_from", "any_searchable",
            "author.group", "author.role", "assigned_to.group", "assigned_to.role", "project.status", "spent_time");

    /** Parameters the connector sets itself: a scope must not override them. */
    static final Set<String> RESERVED = Set.of(
            "project_id", "query_id", "issue_id", "updated_on", "sort", "offset", "limit", "page", "include", "key",
            "nometa", "set_filter", "f[]", "op", "v", "format");

    private static final Pattern CUSTOM_FIELD = Pattern.compile("cf_\\d+(\\.[a-z_]+)?");

    static RedmineFilters none() {
        return new RedmineFilters(List.of());
    }

    RedmineFilters {
        params = List.copyOf(params);
    }

    /**
     * Parses {@code name=value&name=value}; values may already be URL-encoded ({@code %3E%3D}) or not ({@code >=}).
     *
     * @throws ConnectorException of kind CONFIGURATION naming the offending part
     */
    static RedmineFilters parse(String text) {
        if (text == null || text.isBlank()) {
            return none();
        }
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (String part : text.strip().replaceFirst("^\\?", "").split("&")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw invalid("'" + part + "' is not name=value");
            }
            String name = decode(part.substring(0, eq)).strip();
            String value = decode(part.substring(eq + 1)).strip();
            if (RESERVED.contains(name)) {
                throw invalid("'" + name + "' is set by Boxsync itself and cannot be part of a Redmine scope filter");
            }
            if (!ALLOWED.contains(name) && !CUSTOM_FIELD.matcher(name).matches()) {
                throw invalid("'" + name + "' is not a Redmine issue filter (Redmine would silently ignore it); "
                        + "use e.g. tracker_id, status_id, fixed_version_id, assigned_to_id or cf_<id>");
            }
            if (value.isEmpty()) {
                throw invalid("filter '" + name + "' has no value");
            }
            params.add(Map.entry(name, value));
        }
        return new RedmineFilters(params);
    }

    RedmineFilters and(RedmineFilters other) {
        List<Map.Entry<String, String>> all = new ArrayList<>(params);
        all.addAll(other.params);
        return new RedmineFilters(all);
    }

    boolean isEmpty() {
        return params.isEmpty();
    }

    boolean sets(String name) {
        return params.stream().anyMatch(e -> e.getKey().equals(name));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            throw invalid("'" + text + "' has a broken %-escape");
        }
    }

    private static ConnectorException invalid(String why) {
        return new ConnectorException(ConnectorException.Kind.CONFIGURATION, "Redmine scope filter: " + why);
    }
}
