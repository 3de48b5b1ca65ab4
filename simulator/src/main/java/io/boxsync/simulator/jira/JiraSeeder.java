package io.boxsync.simulator.jira;

import io.boxsync.simulator.jira.JiraSimulator.Flavour;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds the deterministic seeded organisation described on {@link JiraSimulator#seed(long, int)}. */
final class JiraSeeder {
    private static final String[][] PROJECTS = {
            {"PLAT", "Platform"}, {"WEB", "Web App"}, {"MOB", "Mobile"}, {"OPS", "Operations"}, {"DATA", "Data"}};
    private static final String[][] ACCOUNTS = {
            {"alice", "Alice Archer"}, {"bob", "Bob Brown"}, {"carol", "Carol Chen"}, {"dave", "Dave Diaz"}, {"erin", "Erin Evans"}};
    private static final String[] LABELS = {"backend", "frontend", "ux", "infra", "tech-debt", "customer"};
    private static final String[] COMPONENTS = {"API", "UI", "Database", "Auth"};
    private static final String[] VERBS = {"Add", "Fix", "Refactor", "Document", "Migrate", "Speed up", "Design", "Test"};
    private static final String[] THINGS = {"login flow", "billing export", "search index", "user settings", "audit log",
            "release pipeline", "dashboard", "notifications", "onboarding", "API rate limits", "report builder", "backups"};
    private static final Instant CREATED_FROM = Instant.parse("2026-08-01T08:00:00Z");
    private static final Instant UPDATED_UNTIL = Instant.parse("2026-11-20T18:00:00Z");
    private static final LocalDate FIRST_SPRINT = LocalDate.of(2026, 10, 19);

    private JiraSeeder() {
    }

    static void seed(JiraStore store, Flavour flavour, long seed, int issueCount) {
        if (issueCount < 0) {
            throw new IllegalArgumentException("issues must be >= 0");
        }
        Random random = new Random(seed);
        synchronized (store) {
            int projectCount = Math.max(1, Math.min(PROJECTS.length, 1 + issueCount / 500));
            List<SimProject> projects = new ArrayList<>();
            for (int p = 0; p < projectCount; p++) {
                projects.add(store.addProject(PROJECTS[p][0], PROJECTS[p][1]));
            }
            for (String[] account : ACCOUNTS) {
                if (store.account(account[0]) == null) {
                    store.addAccount(account[0], account[1], account[0] + "@example.com", account[0] + "-token", false);
                }
            }
            for (SimProject project : projects) {
                store.grant("alice", project.key, Permission.values());
                store.grant("bob", project.key, Permission.BROWSE);
                store.grant("carol", project.key, Permission.BROWSE, Permission.EDIT);
            }
            store.grant("dave", projects.get(0).key, Permission.values());
            List<List<Long>> sprintsByProject = new ArrayList<>();
            List<List<Long>> versionsByProject = new ArrayList<>();
            for (SimProject project : projects) {
                long boardId = store.boards.values().stream().filter(b -> b.projectKey().equals(project.key)).findFirst().orElseThrow().id();
                List<Long> sprints = new ArrayList<>();
                int existing = (int) store.sprints.values().stream().filter(s -> s.boardId == boardId).count();
                if (existing == 0) {
                    String[] states = {"closed", "closed", "active", "future", "future"};
                    for (int s = 0; s < states.length; s++) {
                        LocalDate start = FIRST_SPRINT.plusWeeks(2L * s);
                        sprints.add(store.addSprint(boardId, project.key + " Sprint " + (s + 1), states[s], start, start.plusDays(13)));
                    }
                    versionsByProject.add(List.of(
                            store.addVersion(project.key, "1.0", LocalDate.of(2026, 10, 15), true),
                            store.addVersion(project.key, "1.1", LocalDate.of(2026, 12, 15), false),
                            store.addVersion(project.key, "2.0", LocalDate.of(2027, 2, 15), false)));
                } else {
                    store.sprints.values().stream().filter(s -> s.boardId == boardId).forEach(s -> sprints.add(s.id));
                    versionsByProject.add(store.versions.values().stream().filter(v -> v.projectKey().equals(project.key))
                            .map(SimVersion::id).toList());
                }
                sprintsByProject.add(sprints);
            }
            String[] assignees = {"alice", "bob", "carol", "dave", null};
            long spanMillis = UPDATED_UNTIL.toEpochMilli() - CREATED_FROM.toEpochMilli() - 10L * 24 * 3600 * 1000;
            List<List<SimIssue>> epics = new ArrayList<>();
            List<List<SimIssue>> stories = new ArrayList<>();
            for (int p = 0; p < projectCount; p++) {
                epics.add(new ArrayList<>());
                stories.add(new ArrayList<>());
            }
            for (int n = 0; n < issueCount; n++) {
                int p = n % projectCount;
                SimProject project = projects.get(p);
                List<SimIssue> projectEpics = epics.get(p);
                List<SimIssue> projectStories = stories.get(p);
                int roll = random.nextInt(100);
                String type;
                if (projectEpics.isEmpty() || roll < 5) {
                    type = "Epic";
                } else if (roll < 25 && !projectStories.isEmpty()) {
                    type = "Sub-task";
                } else if (roll < 60) {
                    type = "Story";
                } else if (roll < 85) {
                    type = "Task";
                } else {
                    type = "Bug";
                }
                Instant created = CREATED_FROM.plusMillis((long) ((double) spanMillis * n / Math.max(1, issueCount)) + random.nextInt(3_600_000));
                Instant updated = created.plusMillis(random.nextInt(10 * 24 * 3600 * 1000));
                if (updated.isAfter(UPDATED_UNTIL)) {
                    updated = UPDATED_UNTIL.minusMillis(random.nextInt(3_600_000));
                }
                String summary = VERBS[random.nextInt(VERBS.length)] + " " + THINGS[random.nextInt(THINGS.length)]
                        + ("Epic".equals(type) ? " initiative" : "") + " #" + (n + 1);
                List<Long> sprints = sprintsByProject.get(p);
                List<Long> versions = versionsByProject.get(p);
                SimIssue parentStory = "Sub-task".equals(type) ? projectStories.get(projectStories.size() - 1 - random.nextInt(Math.min(5, projectStories.size()))) : null;
                SimIssue epic = projectEpics.isEmpty() ? null : projectEpics.get(projectEpics.size() - 1);
                int sprintRoll = random.nextInt(10);
                int statusRoll = random.nextInt(10);
                int dateRoll = random.nextInt(10);
                int startOffset = random.nextInt(120);
                int length = 1 + random.nextInt(15);
                String assignee = assignees[random.nextInt(assignees.length)];
                String label = LABELS[random.nextInt(LABELS.length)];
                String component = COMPONENTS[random.nextInt(COMPONENTS.length)];
                int versionRoll = random.nextInt(versions.size() * 2);
                double points = new double[] {1, 2, 3, 5, 8, 13}[random.nextInt(6)];
                SimIssue issue = store.insertSeeded(project, type, summary, created, updated, i -> {
                    i.description = "Seeded " + type.toLowerCase() + " for " + project.name + ".";
                    i.reporter = "alice";
                    i.assignee = assignee;
                    i.labels.add(label);
                    i.components.add(component);
                    if (!"Epic".equals(type) && !"Sub-task".equals(type) && !sprints.isEmpty() && sprintRoll < 6) {
                        int s = sprintRoll % sprints.size();
                        i.sprintIds.add(sprints.get(s));
                        i.status = s < 2 ? "Done" : s == 2 && statusRoll < 5 ? "In Progress" : "To Do";
                    } else {
                        i.status = statusRoll < 2 ? "Done" : statusRoll < 4 ? "In Progress" : "To Do";
                    }
                    if (dateRoll < 7) {
                        i.startDate = LocalDate.of(2026, 10, 1).plusDays(startOffset);
                        i.dueDate = i.startDate.plusDays("Epic".equals(type) ? length * 4L : length);
                    }
                    if (versionRoll < versions.size()) {
                        i.fixVersionIds.add(versions.get(versionRoll));
                    }
                    if ("Story".equals(type)) {
                        i.storyPoints = points;
                    }
                    if (parentStory != null) {
                        i.parentKey = parentStory.key;
                    } else if (epic != null && !"Epic".equals(type) && statusRoll < 8) {
                        i.epicLinkKey = epic.key;
                        if (flavour == Flavour.CLOUD) {
                            i.parentKey = epic.key;
                        }
                    }
                });
                if ("Epic".equals(type)) {
                    projectEpics.add(issue);
                } else if (!"Sub-task".equals(type)) {
                    if (projectStories.size() >= 3 && random.nextInt(10) == 0) {
                        SimIssue blocker = projectStories.get(projectStories.size() - 1 - random.nextInt(3));
                        store.link(null, store.linkType("Blocks"), blocker, issue, false);
                    } else if (projectStories.size() >= 3 && random.nextInt(20) == 0) {
                        store.link(null, store.linkType("Relates"), projectStories.get(random.nextInt(projectStories.size())), issue, false);
                    }
                    projectStories.add(issue);
                    if (projectStories.size() > 50) {
                        projectStories.remove(0);
                    }
                }
            }
            store.modCount++;
        }
    }
}
