package io.boxsync.simulator.jira;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** An issue with typed fields. Mutable, guarded by the store lock. */
final class SimIssue {
    final long id;
    final String key;
    final SimProject project;
    final int number;
    String issueType;
    String summary;
    String description;
    String status = "To Do";
    String assignee;
    String reporter;
    List<String> labels = new ArrayList<>();
    List<String> components = new ArrayList<>();
    List<Long> fixVersionIds = new ArrayList<>();
    List<Long> sprintIds = new ArrayList<>();
    String parentKey;
    String epicLinkKey;
    LocalDate dueDate;
    LocalDate startDate;
    Double storyPoints;
    Instant created;
    Instant updated;
    long rank;
    final List<SimHistory> histories = new ArrayList<>();

    SimIssue(long id, SimProject project, int number, String issueType, String summary) {
        this.id = id;
        this.project = project;
        this.number = number;
        this.key = project.key + "-" + number;
        this.issueType = issueType;
        this.summary = summary;
    }

    boolean isSubtask() {
        return "Sub-task".equalsIgnoreCase(issueType) || "Subtask".equalsIgnoreCase(issueType);
    }

    static int compareKeys(SimIssue a, SimIssue b) {
        int byProject = a.project.key.compareTo(b.project.key);
        return byProject != 0 ? byProject : Integer.compare(a.number, b.number);
    }
}
