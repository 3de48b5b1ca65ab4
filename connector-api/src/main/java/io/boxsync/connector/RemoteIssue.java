package io.boxsync.connector;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One issue or card as the tool reports it, already translated through the connection's field mapping.
 * Every optional value is {@code null} when the tool has none; lists are never {@code null}.
 *
 * @param key              the stable key
 * @param projectKey       the project (Jira project key, Trello board id, Redmine project identifier)
 * @param issueType        the type name (Epic, Story, Sub-task, Bug; "Card" for Trello; the Redmine tracker)
 * @param summary          the title
 * @param status           the tool's status name
 * @param statusCategory   the status mapped to a coarse category
 * @param assigneeId       the assignee's account id
 * @param assigneeName     the assignee's display name
 * @param start            start date through the field mapping
 * @param end              end (due) date through the field mapping
 * @param estimateSeconds  original estimate in seconds
 * @param storyPoints      story points
 * @param iterations       the cadences the issue belongs to (sprints, fixVersions, the Trello list)
 * @param components       component names
 * @param labels           label names
 * @param parentKey        the parent issue (sub-task parent, Redmine parent, next-gen parent)
 * @param epicKey          the epic the issue belongs to (Jira only)
 * @param links            links where this issue is either end
 * @param updated          the tool's last-update stamp (cursor material)
 */
public record RemoteIssue(
        IssueKey key,
        String projectKey,
        String issueType,
        String summary,
        String status,
        StatusCategory statusCategory,
        String assigneeId,
        String assigneeName,
        LocalDate start,
        LocalDate end,
        Long estimateSeconds,
        Double storyPoints,
        List<IterationRef> iterations,
        List<String> components,
        List<String> labels,
        IssueKey parentKey,
        IssueKey epicKey,
        List<RemoteLink> links,
        Instant updated) {

    public RemoteIssue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(updated, "updated");
        statusCategory = statusCategory == null ? StatusCategory.TO_DO : statusCategory;
        iterations = List.copyOf(iterations == null ? List.of() : iterations);
        components = List.copyOf(components == null ? List.of() : components);
        labels = List.copyOf(labels == null ? List.of() : labels);
        links = List.copyOf(links == null ? List.of() : links);
    }
}
