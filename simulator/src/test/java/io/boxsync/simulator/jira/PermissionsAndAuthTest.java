package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.simulator.jira.JiraSimulator.Flavour;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PermissionsAndAuthTest {
    private JiraSimulator cloud;
    private JiraSimulator dc;

    @BeforeEach
    void start() {
        cloud = JiraSimulator.start(Flavour.CLOUD, 0);
        dc = JiraSimulator.start(Flavour.DATA_CENTER, 0);
        for (JiraSimulator sim : List.of(cloud, dc)) {
            sim.addProject("OPEN", "Open");
            sim.addProject("SECRET", "Secret");
            sim.createIssue(null, "OPEN", "Story", "Visible story", Map.of());
            sim.createIssue(null, "SECRET", "Story", "Hidden story", Map.of());
            sim.addAccount("reader", "Reader", "reader@example.com", "reader-token");
            sim.grant("reader", "OPEN", Permission.BROWSE);
            sim.addAccount("editor", "Editor", "editor@example.com", "editor-token");
            sim.grant("editor", "OPEN", Permission.BROWSE, Permission.EDIT);
            sim.addAccount("nobody", "Nobody", "nobody@example.com", "nobody-token");
        }
    }

    @AfterEach
    void stop() {
        cloud.close();
        dc.close();
    }

    private static JiraHttp as(JiraSimulator sim, String id) {
        return JiraHttp.as(sim, id + "@example.com", id + "-token");
    }

    @Test
    void requestsWithoutValidCredentialsGet401WithAJiraErrorBody() {
        JiraHttp.Response anonymous = JiraHttp.anonymous(cloud).get("/rest/api/3/myself");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("errorMessages")).isNotEmpty();
        assertThat(anonymous.json().has("errors")).isTrue();
        assertThat(JiraHttp.as(cloud, "reader@example.com", "wrong").get("/rest/api/3/myself").status()).isEqualTo(401);
        assertThat(JiraHttp.as(cloud, "editor@example.com", "reader-token").get("/rest/api/3/myself").status())
                .as("token of another account").isEqualTo(401);
        assertThat(JiraHttp.as(dc, "ignored", "wrong").get("/rest/api/2/myself").status()).isEqualTo(401);
    }

    @Test
    void cloudTakesBasicEmailAndTokenWhileDataCenterTakesBearerTokens() {
        assertThat(as(cloud, "reader").get("/rest/api/3/myself").json().get("accountId").asText()).isEqualTo("reader");
        assertThat(as(dc, "reader").get("/rest/api/2/myself").json().get("name").asText()).isEqualTo("reader");
        assertThat(JiraHttp.withAuthorization(cloud, "Bearer reader-token").get("/rest/api/3/myself").status()).isEqualTo(401);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("reader@example.com:reader-token".getBytes());
        assertThat(JiraHttp.withAuthorization(dc, basic).get("/rest/api/2/myself").status()).isEqualTo(401);
    }

    @Test
    void anAccountWithoutBrowseSeesNothingAndItsIssuesDoNotExistForIt() {
        JiraHttp nobody = as(cloud, "nobody");
        JiraHttp.Response search = nobody.get("/rest/api/3/search/jql?jql=" + JiraHttp.q("created >= 2000-01-01") + "&fields=summary");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json().get("issues")).isEmpty();
        JiraHttp.Response issue = nobody.get("/rest/api/3/issue/OPEN-1");
        assertThat(issue.status()).isEqualTo(404);
        assertThat(issue.json().get("errorMessages").get(0).asText())
                .isEqualTo("Issue does not exist or you do not have permission to see it.");
        JiraHttp.Response dcSearch = as(dc, "nobody").get("/rest/api/2/search?jql=");
        assertThat(dcSearch.json().get("total").asInt()).isZero();
    }

    @Test
    void aReaderSeesOnlyTheProjectsItMayBrowse() {
        JiraHttp reader = as(dc, "reader");
        JiraHttp.Response all = reader.get("/rest/api/2/search?jql=" + JiraHttp.q("order by key"));
        assertThat(all.json().get("total").asInt()).isEqualTo(1);
        assertThat(all.json().at("/issues/0/key").asText()).isEqualTo("OPEN-1");
        assertThat(reader.get("/rest/api/2/issue/SECRET-1").status()).isEqualTo(404);
        JiraHttp.Response jqlOnHidden = reader.get("/rest/api/2/search?jql=" + JiraHttp.q("project = SECRET"));
        assertThat(jqlOnHidden.status()).isEqualTo(400);
        assertThat(jqlOnHidden.json().at("/errorMessages/0").asText()).isEqualTo("The value 'SECRET' does not exist for the field 'project'.");
    }

    @Test
    void editingWithoutEditPermissionIsRefusedLikeJiraWithFieldErrorsAndChangesNothing() {
        JiraHttp.Response refused = as(cloud, "reader").put("/rest/api/3/issue/OPEN-1", Map.of("fields", Map.of("customfield_10015", "2026-12-01")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/errors/customfield_10015").asText())
                .isEqualTo("Field 'customfield_10015' cannot be set. It is not on the appropriate screen, or unknown.");
        assertThat(cloud.issueFields("OPEN-1").get("customfield_10015")).isNull();
    }

    @Test
    void dueDateAndSprintNeedScheduleOnTopOfEdit() {
        JiraHttp editor = as(cloud, "editor");
        assertThat(editor.put("/rest/api/3/issue/OPEN-1", Map.of("fields", Map.of("customfield_10015", "2026-12-01"))).status()).isEqualTo(204);
        JiraHttp.Response due = editor.put("/rest/api/3/issue/OPEN-1", Map.of("fields", Map.of("duedate", "2026-12-05")));
        assertThat(due.status()).isEqualTo(400);
        assertThat(due.json().at("/errors/duedate").asText()).contains("cannot be set");
        cloud.grant("editor", "OPEN", Permission.SCHEDULE);
        assertThat(editor.put("/rest/api/3/issue/OPEN-1", Map.of("fields", Map.of("duedate", "2026-12-05"))).status()).isEqualTo(204);
        assertThat(cloud.issueFields("OPEN-1")).containsEntry("duedate", "2026-12-05").containsEntry("customfield_10015", "2026-12-01");
    }

    @Test
    void revokingBrowseHidesTheIssueAgain() {
        JiraHttp reader = as(cloud, "reader");
        assertThat(reader.get("/rest/api/3/issue/OPEN-1").status()).isEqualTo(200);
        cloud.revoke("reader", "OPEN", Permission.BROWSE);
        assertThat(reader.get("/rest/api/3/issue/OPEN-1").status()).isEqualTo(404);
    }

    @Test
    void myPermissionsAnswersPerIssueAndRequiresTheListOnCloud() {
        JiraHttp editor = as(cloud, "editor");
        JiraHttp.Response perms = editor.get("/rest/api/3/mypermissions?issueKey=OPEN-1&permissions=EDIT_ISSUES,SCHEDULE_ISSUES,BROWSE_PROJECTS");
        assertThat(perms.status()).as(perms.body()).isEqualTo(200);
        assertThat(perms.json().at("/permissions/EDIT_ISSUES/havePermission").asBoolean()).isTrue();
        assertThat(perms.json().at("/permissions/SCHEDULE_ISSUES/havePermission").asBoolean()).isFalse();
        assertThat(perms.json().at("/permissions/EDIT_ISSUES/id").asText()).isEqualTo("12");
        assertThat(editor.get("/rest/api/3/mypermissions?issueKey=OPEN-1").status()).isEqualTo(400);
        assertThat(editor.get("/rest/api/3/mypermissions?issueKey=SECRET-1&permissions=EDIT_ISSUES").status()).isEqualTo(404);
        JiraHttp.Response dcAll = as(dc, "editor").get("/rest/api/2/mypermissions?projectKey=OPEN");
        assertThat(dcAll.status()).isEqualTo(200);
        assertThat(dcAll.json().at("/permissions/LINK_ISSUES/havePermission").asBoolean()).isFalse();
        assertThat(dcAll.json().at("/permissions/BROWSE_PROJECTS/havePermission").asBoolean()).isTrue();
    }

    @Test
    void bulkPermissionCheckReturnsOnlyGrantedIdsAndNeedsAdminForOtherAccounts() {
        JiraHttp editor = as(cloud, "editor");
        String open = JiraHttp.admin(cloud).get("/rest/api/3/issue/OPEN-1").json().get("id").asText();
        String secret = JiraHttp.admin(cloud).get("/rest/api/3/issue/SECRET-1").json().get("id").asText();
        Map<String, Object> body = Map.of("projectPermissions", List.of(Map.of(
                "permissions", List.of("EDIT_ISSUES", "LINK_ISSUES"), "issues", List.of(Long.parseLong(open), Long.parseLong(secret)))));
        JiraHttp.Response answer = editor.post("/rest/api/3/permissions/check", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/projectPermissions/0/permission").asText()).isEqualTo("EDIT_ISSUES");
        assertThat(answer.json().at("/projectPermissions/0/issues")).hasSize(1);
        assertThat(answer.json().at("/projectPermissions/0/issues/0").asText()).isEqualTo(open);
        assertThat(answer.json().at("/projectPermissions/1/issues")).isEmpty();
        JiraHttp.Response forOther = editor.post("/rest/api/3/permissions/check", Map.of("accountId", "reader", "projectPermissions", List.of()));
        assertThat(forOther.status()).isEqualTo(403);
        assertThat(forOther.json().at("/errorMessages/0").asText()).isEqualTo("Only Jira administrators can perform this operation.");
        JiraHttp.Response adminForOther = JiraHttp.admin(cloud).post("/rest/api/3/permissions/check", Map.of("accountId", "editor",
                "projectPermissions", List.of(Map.of("permissions", List.of("EDIT_ISSUES"), "issues", List.of(Long.parseLong(open))))));
        assertThat(adminForOther.json().at("/projectPermissions/0/issues")).hasSize(1);
    }

    @Test
    void linkingNeedsLinkPermissionAndDeletingNeedsEdit() {
        JiraHttp editor = as(cloud, "editor");
        cloud.createIssue(null, "OPEN", "Task", "Second", Map.of());
        Map<String, Object> link = Map.of("type", Map.of("name", "Blocks"), "inwardIssue", Map.of("key", "OPEN-1"),
                "outwardIssue", Map.of("key", "OPEN-2"));
        JiraHttp.Response refused = editor.post("/rest/api/3/issueLink", link);
        assertThat(refused.status()).isEqualTo(403);
        cloud.grant("editor", "OPEN", Permission.LINK);
        assertThat(editor.post("/rest/api/3/issueLink", link).status()).isEqualTo(201);
        assertThat(as(cloud, "reader").delete("/rest/api/3/issue/OPEN-2").status()).isEqualTo(403);
        assertThat(editor.delete("/rest/api/3/issue/OPEN-2").status()).isEqualTo(204);
        assertThat(editor.get("/rest/api/3/issue/OPEN-2").status()).isEqualTo(404);
    }
}
