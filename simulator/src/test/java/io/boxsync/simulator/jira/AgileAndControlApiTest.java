package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.simulator.jira.JiraSimulator.Flavour;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgileAndControlApiTest {
    @Test
    void boardsAndSprintsArePagedWithIsLastAndFilteredByState() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.seed(5, 40);
            JiraHttp admin = JiraHttp.admin(sim);
            JsonNode boards = admin.get("/rest/agile/1.0/board?projectKeyOrId=PLAT").json();
            assertThat(boards.get("values")).hasSize(1);
            assertThat(boards.get("isLast").asBoolean()).isTrue();
            String boardId = boards.at("/values/0/id").asText();
            assertThat(boards.at("/values/0/location/projectKey").asText()).isEqualTo("PLAT");
            JsonNode sprints = admin.get("/rest/agile/1.0/board/" + boardId + "/sprint?state=active,future").json();
            assertThat(sprints.get("values")).hasSize(3);
            assertThat(sprints.at("/values/0/state").asText()).isEqualTo("active");
            assertThat(sprints.at("/values/0/startDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z");
            JsonNode page = admin.get("/rest/agile/1.0/board/" + boardId + "/sprint?maxResults=2").json();
            assertThat(page.get("values")).hasSize(2);
            assertThat(page.get("isLast").asBoolean()).isFalse();
        }
    }

    @Test
    void movingIssuesIntoASprintNeedsScheduleAndAnOpenSprint() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.DATA_CENTER, 0)) {
            sim.addProject("AGL", "Agile");
            String board = sim.boardId("AGL");
            String closed = sim.addSprint(board, "Old", "closed", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 14));
            String active = sim.addSprint(board, "Now", "active", LocalDate.of(2026, 11, 20), LocalDate.of(2026, 12, 3));
            String key = sim.createIssue(null, "AGL", "Story", "Plan me", Map.of("customfield_10020", closed));
            sim.addAccount("viewer", "Viewer", "viewer@example.com", "viewer-token");
            sim.grant("viewer", "AGL", Permission.BROWSE, Permission.EDIT);
            JiraHttp viewer = JiraHttp.as(sim, "viewer@example.com", "viewer-token");
            assertThat(viewer.post("/rest/agile/1.0/sprint/" + active + "/issue", Map.of("issues", List.of(key))).status()).isEqualTo(403);
            JiraHttp admin = JiraHttp.admin(sim);
            assertThat(admin.post("/rest/agile/1.0/sprint/" + closed + "/issue", Map.of("issues", List.of(key))).status()).isEqualTo(400);
            assertThat(admin.post("/rest/agile/1.0/sprint/" + active + "/issue", Map.of("issues", List.of(key))).status()).isEqualTo(204);
            assertThat(sim.issueFields(key)).containsEntry("customfield_10020", active);
            JsonNode sprintField = admin.get("/rest/api/2/issue/" + key + "?fields=customfield_10020").json().at("/fields/customfield_10020");
            assertThat(sprintField).hasSize(2);
            assertThat(sprintField.get(1).asText()).contains("id=" + active).contains("state=ACTIVE").contains("name=Now");
            JiraHttp.Response search = admin.get("/rest/api/2/search?jql=" + JiraHttp.q("sprint in openSprints()"));
            assertThat(search.json().get("total").asInt()).isEqualTo(1);
            assertThat(admin.post("/rest/agile/1.0/backlog/issue", Map.of("issues", List.of(key))).status()).isEqualTo(204);
            assertThat(sim.issueFields(key)).containsEntry("customfield_10020", closed);
        }
    }

    @Test
    void sprintIssuesBoardConfigurationAndEditMetaDescribeWhatAnAccountMayPlan() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("SPI", "Sprint issues");
            String board = sim.boardId("SPI");
            String active = sim.addSprint(board, "Now", "active", LocalDate.of(2026, 11, 20), LocalDate.of(2026, 12, 3));
            String in = sim.createIssue(null, "SPI", "Story", "In", Map.of("customfield_10020", active, "labels", List.of("x")));
            sim.createIssue(null, "SPI", "Story", "Also in", Map.of("customfield_10020", active));
            sim.createIssue(null, "SPI", "Story", "Out", Map.of());
            JiraHttp admin = JiraHttp.admin(sim);
            JsonNode issues = admin.get("/rest/agile/1.0/sprint/" + active + "/issue?fields=summary").json();
            assertThat(issues.get("total").asInt()).isEqualTo(2);
            JsonNode narrowed = admin.get("/rest/agile/1.0/sprint/" + active + "/issue?jql=" + JiraHttp.q("labels = x")).json();
            assertThat(narrowed.at("/issues/0/key").asText()).isEqualTo(in);
            assertThat(narrowed.get("total").asInt()).isEqualTo(1);
            JsonNode config = admin.get("/rest/agile/1.0/board/" + board + "/configuration").json();
            assertThat(config.at("/ranking/rankCustomFieldId").asInt()).isEqualTo(10019);
            String filterId = config.at("/filter/id").asText();
            assertThat(admin.get("/rest/api/3/filter/" + filterId).json().get("jql").asText()).isEqualTo("project = SPI ORDER BY Rank ASC");
            JsonNode byFilter = admin.get("/rest/api/3/search/jql?jql=" + JiraHttp.q("filter = " + filterId) + "&fields=summary").json();
            assertThat(byFilter.get("issues")).hasSize(3);
            sim.addAccount("ed", "Ed", "ed@example.com", "ed-token");
            sim.grant("ed", "SPI", Permission.BROWSE, Permission.EDIT);
            JsonNode meta = JiraHttp.as(sim, "ed@example.com", "ed-token").get("/rest/api/3/issue/" + in + "/editmeta").json();
            assertThat(meta.at("/fields/customfield_10015/name").asText()).isEqualTo("Start date");
            assertThat(meta.at("/fields").has("duedate")).as("due date needs Schedule").isFalse();
            assertThat(meta.at("/fields").has("customfield_10020")).isFalse();
        }
    }

    @Test
    void cloudSprintFieldIsAnArrayOfSprintObjectsAndSettableByEdit() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.addProject("CSP", "Cloud sprints");
            String active = sim.addSprint(sim.boardId("CSP"), "Now", "active", LocalDate.of(2026, 11, 20), LocalDate.of(2026, 12, 3));
            String key = sim.createIssue(null, "CSP", "Story", "S", Map.of());
            JiraHttp admin = JiraHttp.admin(sim);
            assertThat(admin.put("/rest/api/3/issue/" + key, Map.of("fields", Map.of("customfield_10020", Integer.parseInt(active)))).status())
                    .isEqualTo(204);
            JsonNode field = admin.get("/rest/api/3/issue/" + key).json().at("/fields/customfield_10020/0");
            assertThat(field.get("id").asInt()).isEqualTo(Integer.parseInt(active));
            assertThat(field.get("state").asText()).isEqualTo("active");
            JsonNode changelog = admin.get("/rest/api/3/issue/" + key + "/changelog").json();
            assertThat(changelog.at("/values/0/items/0/field").asText()).isEqualTo("Sprint");
            assertThat(changelog.at("/values/0/items/0/to").asText()).isEqualTo(active);
        }
    }

    @Test
    void theControlApiMirrorsTheJavaMethods() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            JiraHttp control = JiraHttp.anonymous(sim);
            assertThat(control.post("/_sim/projects", Map.of("key", "CTL", "name", "Control")).status()).isEqualTo(201);
            assertThat(control.post("/_sim/accounts", Map.of("accountId", "cat", "displayName", "Cat", "email", "cat@example.com",
                    "token", "cat-token")).status()).isEqualTo(204);
            assertThat(control.post("/_sim/grants", Map.of("accountId", "cat", "projectKey", "CTL",
                    "permissions", List.of("BROWSE", "EDIT"))).status()).isEqualTo(204);
            JiraHttp.Response created = control.post("/_sim/issues", Map.of("as", "cat", "projectKey", "CTL", "issueType", "Task",
                    "summary", "Via control", "fields", Map.of("duedate", "2026-12-10")));
            assertThat(created.status()).isEqualTo(201);
            String key = created.json().get("key").asText();
            assertThat(control.put("/_sim/issues/" + key, Map.of("as", "cat", "fields", Map.of("summary", "Changed"))).status()).isEqualTo(204);
            JsonNode fields = control.get("/_sim/issues/" + key).json();
            assertThat(fields.get("summary").asText()).isEqualTo("Changed");
            assertThat(fields.get("duedate").asText()).isEqualTo("2026-12-10");
            assertThat(JiraHttp.as(sim, "cat@example.com", "cat-token").get("/rest/api/3/issue/" + key).status()).isEqualTo(200);
            assertThat(control.post("/_sim/faults", Map.of("failNext", Map.of("requests", 1, "status", 503))).status()).isEqualTo(204);
            assertThat(JiraHttp.admin(sim).get("/rest/api/3/issue/" + key).status()).isEqualTo(503);
            assertThat(control.post("/_sim/seed", Map.of("seed", 1, "issues", 10)).json().get("issues").asInt()).isEqualTo(11);
            assertThat(control.get("/_sim/requests?prefix=/rest/api/3/issue/").json().get("count").asInt()).isEqualTo(2);
            JiraHttp.Response bad = control.post("/_sim/issues", Map.of("projectKey", "CTL"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().at("/errorMessages/0").asText()).contains("issueType");
            assertThat(control.delete("/_sim/issues/" + key).status()).isEqualTo(204);
        }
    }
}
