package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.simulator.jira.JiraSimulator.Flavour;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorsAndIssuesTest {
    @Test
    void badJqlIsA400WithJirasErrorBodyShape() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("ERR", "Errors");
            JiraHttp.Response response = JiraHttp.admin(sim).get("/rest/api/3/search/jql?jql=" + JiraHttp.q("project = ERR AND summary ~ x"));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.json().get("errorMessages").isArray()).isTrue();
            assertThat(response.json().get("errors").isObject()).isTrue();
            assertThat(response.json().at("/errorMessages/0").asText()).contains("summary");
        }
    }

    @Test
    void cloudRefusesUnboundedQueriesAndAnswers410OnTheRemovedSearch() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            JiraHttp admin = JiraHttp.admin(sim);
            JiraHttp.Response unbounded = admin.get("/rest/api/3/search/jql?jql=" + JiraHttp.q("ORDER BY key"));
            assertThat(unbounded.status()).isEqualTo(400);
            assertThat(unbounded.json().at("/errorMessages/0").asText()).startsWith("Unbounded JQL queries are not allowed here.");
            JiraHttp.Response gone = admin.get("/rest/api/2/search?jql=project=X");
            assertThat(gone.status()).isEqualTo(410);
            assertThat(gone.json().at("/errorMessages/0").asText()).contains("/rest/api/3/search/jql");
        }
    }

    @Test
    void dataCenterValidateQueryWarnTurnsMissingValuesIntoWarnings() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.DATA_CENTER, 0)) {
            sim.addProject("WRN", "Warnings");
            sim.createIssue(null, "WRN", "Task", "Kept", Map.of());
            sim.createIssue(null, "WRN", "Task", "Deleted", Map.of());
            sim.deleteIssue(null, "WRN-2");
            JiraHttp admin = JiraHttp.admin(sim);
            String jql = JiraHttp.q("key in (WRN-1, WRN-2)");
            assertThat(admin.get("/rest/api/2/search?jql=" + jql).status()).isEqualTo(400);
            JiraHttp.Response warned = admin.get("/rest/api/2/search?validateQuery=warn&jql=" + jql);
            assertThat(warned.status()).isEqualTo(200);
            assertThat(warned.json().get("total").asInt()).isEqualTo(1);
            assertThat(warned.json().at("/warningMessages/0").asText()).isEqualTo("An issue with key 'WRN-2' does not exist for field 'key'.");
        }
    }

    @Test
    void cloudBulkFetchAndApproximateCount() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("BLK", "Bulk");
            sim.createIssue(null, "BLK", "Task", "One", Map.of());
            sim.createIssue(null, "BLK", "Task", "Two", Map.of());
            JiraHttp admin = JiraHttp.admin(sim);
            JiraHttp.Response fetched = admin.post("/rest/api/3/issue/bulkfetch",
                    Map.of("issueIdsOrKeys", List.of("BLK-1", "BLK-9"), "fields", List.of("summary")));
            assertThat(fetched.status()).isEqualTo(200);
            assertThat(fetched.json().at("/issues/0/fields/summary").asText()).isEqualTo("One");
            assertThat(fetched.json().at("/issueErrors/0").asText()).isEqualTo("BLK-9");
            assertThat(admin.post("/rest/api/3/search/approximate-count", Map.of("jql", "project = BLK")).json().get("count").asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void expandNamesListsTheDisplayNamesOfTheReturnedFields() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("NAM", "Names");
            sim.createIssue(null, "NAM", "Task", "N", Map.of());
            JiraHttp admin = JiraHttp.admin(sim);
            JsonNode search = admin.get("/rest/api/3/search/jql?jql=project%3DNAM&fields=summary,customfield_10015&expand=names").json();
            assertThat(search.at("/names/customfield_10015").asText()).isEqualTo("Start date");
            assertThat(search.at("/names").has("duedate")).isFalse();
            assertThat(admin.get("/rest/api/3/issue/NAM-1?expand=names").json().at("/names/duedate").asText()).isEqualTo("Due date");
        }
    }

    @Test
    void malformedBodiesGetJiraShapedErrorsNotCrashes() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("BAD", "Bad input");
            sim.createIssue(null, "BAD", "Task", "T", Map.of());
            JiraHttp admin = JiraHttp.admin(sim);
            for (JiraHttp.Response response : List.of(
                    admin.post("/rest/api/3/permissions/check", Map.of("projectPermissions", List.of("x"))),
                    admin.put("/rest/api/3/issue/BAD-1", Map.of("update", Map.of("labels", "x"))),
                    admin.put("/rest/api/3/issue/BAD-1", Map.of("fields", "x")),
                    admin.put("/rest/api/3/issue/BAD-1", Map.of("fields", Map.of("labels", List.of(Map.of("a", 1))))),
                    admin.post("/rest/api/3/issue", Map.of("fields", Map.of("project", "BAD"))),
                    admin.post("/rest/api/3/issueLink", Map.of("type", "Nope")),
                    admin.get("/rest/api/3/search/jql?jql=project%3DBAD&maxResults=many"))) {
                assertThat(response.status()).as(response.body()).isEqualTo(response.status() == 404 ? 404 : 400);
                assertThat(response.json().has("errorMessages")).isTrue();
            }
            assertThat(sim.issueFields("BAD-1")).containsEntry("labels", List.of());
        }
    }

    @Test
    void aForgedNextPageTokenIsRejected() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("TOK", "Tokens");
            JiraHttp.Response response = JiraHttp.admin(sim).get("/rest/api/3/search/jql?jql=project%3DTOK&nextPageToken=garbage");
            assertThat(response.status()).isEqualTo(400);
        }
    }

    @Test
    void invalidFieldValuesAreFieldErrorsAndLeaveTheIssueUnchanged() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.DATA_CENTER, 0)) {
            sim.addProject("VAL", "Validation");
            sim.createIssue(null, "VAL", "Task", "T", Map.of("duedate", "2026-12-01"));
            JiraHttp.Response response = JiraHttp.admin(sim).put("/rest/api/2/issue/VAL-1",
                    Map.of("fields", Map.of("duedate", "next friday", "summary", "Renamed", "nonsense", 1)));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("errorMessages")).isEmpty();
            assertThat(response.json().at("/errors/duedate").asText()).isEqualTo("Error parsing date string: next friday");
            assertThat(response.json().at("/errors/nonsense").asText()).contains("cannot be set");
            assertThat(sim.issueFields("VAL-1")).containsEntry("summary", "T").containsEntry("duedate", "2026-12-01");
            assertThat(JiraHttp.admin(sim).put("/rest/api/2/issue/VAL-1", "{not json").status()).isEqualTo(400);
            assertThat(JiraHttp.admin(sim).get("/rest/api/2/issue/VAL-99").status()).isEqualTo(404);
        }
    }

    @Test
    void cloudV3WritesAdfDescriptionsWhileV2WritesStringsAndDatesLookLikeJiras() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("ADF", "Rich text");
            sim.createIssue(null, "ADF", "Story", "S", Map.of("description", "Hello"));
            JiraHttp admin = JiraHttp.admin(sim);
            JsonNode v3 = admin.get("/rest/api/3/issue/ADF-1").json();
            assertThat(v3.at("/fields/description/type").asText()).isEqualTo("doc");
            assertThat(v3.at("/fields/description/content/0/content/0/text").asText()).isEqualTo("Hello");
            JsonNode v2 = admin.get("/rest/api/2/issue/ADF-1").json();
            assertThat(v2.at("/fields/description").asText()).isEqualTo("Hello");
            assertThat(v3.at("/fields/created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
            assertThat(v3.get("self").asText()).isEqualTo(sim.baseUrl() + "/rest/api/3/issue/" + v3.get("id").asText());
            admin.put("/rest/api/3/issue/ADF-1", Map.of("fields", Map.of("description", Map.of("type", "doc", "version", 1,
                    "content", List.of(Map.of("type", "paragraph", "content", List.of(Map.of("type", "text", "text", "Bye"))))))));
            assertThat(sim.issueFields("ADF-1")).containsEntry("description", "Bye");
        }
    }

    @Test
    void createEditWithUpdateOperationsAndDeleteOverRest() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("CRUD", "Crud");
            String v1 = sim.addVersion("CRUD", "v1", java.time.LocalDate.of(2027, 1, 1));
            sim.addVersion("CRUD", "v2", java.time.LocalDate.of(2027, 2, 1));
            JiraHttp admin = JiraHttp.admin(sim);
            JiraHttp.Response created = admin.post("/rest/api/3/issue", Map.of("fields", Map.of("project", Map.of("key", "CRUD"),
                    "issuetype", Map.of("name", "Story"), "summary", "New story", "labels", List.of("a"),
                    "fixVersions", List.of(Map.of("id", v1)))));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("key").asText()).isEqualTo("CRUD-1");
            JiraHttp.Response edited = admin.put("/rest/api/3/issue/CRUD-1", Map.of("update", Map.of(
                    "labels", List.of(Map.of("add", "b"), Map.of("remove", "a")),
                    "fixVersions", List.of(Map.of("add", Map.of("name", "v2")), Map.of("remove", Map.of("name", "v1"))))));
            assertThat(edited.status()).as(edited.body()).isEqualTo(204);
            assertThat(sim.issueFields("CRUD-1")).containsEntry("labels", List.of("b")).containsEntry("fixVersions", List.of("v2"));
            JiraHttp.Response sub = admin.post("/rest/api/3/issue", Map.of("fields", Map.of("project", Map.of("key", "CRUD"),
                    "issuetype", Map.of("name", "Sub-task"), "summary", "Child", "parent", Map.of("key", "CRUD-1"))));
            assertThat(sub.status()).isEqualTo(201);
            assertThat(admin.get("/rest/api/3/issue/CRUD-1").json().at("/fields/subtasks/0/key").asText()).isEqualTo("CRUD-2");
            assertThat(admin.delete("/rest/api/3/issue/CRUD-1").status()).isEqualTo(400);
            assertThat(admin.delete("/rest/api/3/issue/CRUD-1?deleteSubtasks=true").status()).isEqualTo(204);
            assertThat(sim.issueKeys()).isEmpty();
        }
    }

    @Test
    void deletingAnEpicKeepsItsChildStoriesButDeletesSubtasksOnlyWhenAsked() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("EPC", "Epics");
            String epic = sim.createIssue(null, "EPC", "Epic", "Epic", Map.of());
            String story = sim.createIssue(null, "EPC", "Story", "Story", Map.of("parent", epic, "customfield_10014", epic));
            JiraHttp admin = JiraHttp.admin(sim);
            assertThat(admin.delete("/rest/api/3/issue/" + epic).status()).isEqualTo(204);
            assertThat(sim.issueKeys()).containsExactly(story);
            assertThat(sim.issueFields(story)).containsEntry("parent", null).containsEntry("customfield_10014", null);
        }
    }

    @Test
    void linksReadInJirasDirectionFromBothEnds() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("LNK", "Links");
            sim.createIssue(null, "LNK", "Task", "A", Map.of());
            sim.createIssue(null, "LNK", "Task", "B", Map.of());
            JiraHttp admin = JiraHttp.admin(sim);
            JiraHttp.Response created = admin.post("/rest/api/3/issueLink", Map.of("type", Map.of("name", "Blocks"),
                    "inwardIssue", Map.of("key", "LNK-1"), "outwardIssue", Map.of("key", "LNK-2")));
            assertThat(created.status()).isEqualTo(201);
            String location = created.header("Location");
            assertThat(location).contains("/rest/api/3/issueLink/");
            JsonNode onA = admin.get("/rest/api/3/issue/LNK-1?fields=issuelinks").json().at("/fields/issuelinks/0");
            assertThat(onA.at("/outwardIssue/key").asText()).as("LNK-1 blocks LNK-2").isEqualTo("LNK-2");
            assertThat(onA.at("/type/outward").asText()).isEqualTo("blocks");
            JsonNode onB = admin.get("/rest/api/3/issue/LNK-2?fields=issuelinks").json().at("/fields/issuelinks/0");
            assertThat(onB.at("/inwardIssue/key").asText()).isEqualTo("LNK-1");
            String id = location.substring(location.lastIndexOf('/') + 1);
            JsonNode link = admin.get("/rest/api/3/issueLink/" + id).json();
            assertThat(link.at("/inwardIssue/key").asText()).isEqualTo("LNK-1");
            assertThat(link.at("/outwardIssue/key").asText()).isEqualTo("LNK-2");
            assertThat(sim.issueFields("LNK-1").get("issuelinks")).isEqualTo(List.of("blocks LNK-2"));
            sim.linkIssues(null, "Relates", "LNK-1", "LNK-2");
            assertThat(sim.issueFields("LNK-2").get("issuelinks")).isEqualTo(List.of("is blocked by LNK-1", "relates to LNK-1"));
            assertThat(admin.delete("/rest/api/3/issueLink/" + id).status()).isEqualTo(204);
            assertThat(admin.get("/rest/api/3/issueLink/" + id).status()).isEqualTo(404);
            assertThat(admin.get("/rest/api/3/issueLinkType").json().get("issueLinkTypes")).hasSize(4);
        }
    }

    @Test
    void metadataEndpointsDescribeFieldsProjectsUsersAndTheStartDateField() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.seed(3, 20);
            JiraHttp admin = JiraHttp.admin(sim);
            JsonNode fields = admin.get("/rest/api/3/field").json();
            boolean hasStartDate = false;
            for (JsonNode field : fields) {
                if (field.get("id").asText().equals("customfield_10015")) {
                    hasStartDate = field.get("name").asText().equals("Start date")
                            && field.at("/schema/custom").asText().equals("com.atlassian.jira.plugin.system.customfieldtypes:datepicker");
                }
            }
            assertThat(hasStartDate).isTrue();
            assertThat(admin.get("/rest/api/3/project/search").json().get("values").get(0).get("key").asText()).isEqualTo("PLAT");
            assertThat(admin.get("/rest/api/3/user?accountId=alice").json().get("displayName").asText()).isEqualTo("Alice Archer");
            assertThat(admin.get("/rest/api/3/user?accountId=ghost").status()).isEqualTo(404);
            assertThat(admin.get("/rest/api/3/project/PLAT/versions").json()).hasSize(3);
            assertThat(admin.get("/rest/api/3/myself").json().get("timeZone").asText()).isEqualTo("UTC");
        }
    }

    @Test
    void theSameSeedGivesTheSameSite() {
        try (JiraSimulator a = JiraSimulator.start(Flavour.CLOUD, 0); JiraSimulator b = JiraSimulator.start(Flavour.CLOUD, 0)) {
            a.seed(99, 700);
            b.seed(99, 700);
            assertThat(a.issueKeys()).isEqualTo(b.issueKeys()).hasSize(700);
            for (String key : List.of("PLAT-1", "WEB-17", "PLAT-300")) {
                assertThat(a.issueFields(key)).isEqualTo(b.issueFields(key));
            }
            long withLinks = a.issueKeys().stream().filter(k -> !((List<?>) a.issueFields(k).get("issuelinks")).isEmpty()).count();
            long subtasks = a.issueKeys().stream().filter(k -> "Sub-task".equals(a.issueFields(k).get("issuetype"))).count();
            assertThat(withLinks).isPositive();
            assertThat(subtasks).isPositive();
        }
    }
}
