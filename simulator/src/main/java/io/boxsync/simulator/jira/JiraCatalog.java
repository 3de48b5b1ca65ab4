package io.boxsync.simulator.jira;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The fixed issue types, statuses and field ids of the simulated site. */
final class JiraCatalog {
    static final String START_DATE = "customfield_10015";
    static final String EPIC_LINK = "customfield_10014";
    static final String STORY_POINTS = "customfield_10016";
    static final String SPRINT = "customfield_10020";
    static final String RANK = "customfield_10019";

    record IssueType(String id, String name, boolean subtask, int hierarchyLevel) {
    }

    record Status(String id, String name, int categoryId, String categoryKey, String categoryName, String colorName) {
    }

    static final List<IssueType> ISSUE_TYPES = List.of(
            new IssueType("10000", "Epic", false, 1),
            new IssueType("10001", "Story", false, 0),
            new IssueType("10002", "Task", false, 0),
            new IssueType("10003", "Sub-task", true, -1),
            new IssueType("10004", "Bug", false, 0));

    static final List<Status> STATUSES = List.of(
            new Status("10000", "To Do", 2, "new", "To Do", "blue-gray"),
            new Status("3", "In Progress", 4, "indeterminate", "In Progress", "yellow"),
            new Status("10001", "Done", 3, "done", "Done", "green"));

    private JiraCatalog() {
    }

    static Optional<IssueType> issueType(String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        String wanted = "Subtask".equalsIgnoreCase(nameOrId) ? "Sub-task" : nameOrId;
        return ISSUE_TYPES.stream().filter(t -> t.name.equalsIgnoreCase(wanted) || t.id.equals(wanted)).findFirst();
    }

    static Optional<Status> status(String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        return STATUSES.stream().filter(s -> s.name.equalsIgnoreCase(nameOrId) || s.id.equals(nameOrId)).findFirst();
    }

    static Status statusOf(SimIssue issue) {
        return status(issue.status).orElse(STATUSES.get(0));
    }

    static IssueType issueTypeOf(SimIssue issue) {
        return issueType(issue.issueType).orElse(ISSUE_TYPES.get(2));
    }

    static String lexoRank(long rank) {
        String digits = Long.toString(rank, 36).toLowerCase(Locale.ROOT);
        return "0|i" + "0".repeat(Math.max(0, 6 - digits.length())) + digits + ":";
    }
}
