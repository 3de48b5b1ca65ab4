package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.simulator.jira.JiraSimulator.Flavour;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JiraSimulatorSmokeTest {
    @Test
    void cloudServesASeededSiteThroughSearchAndIssueEndpoints() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.seed(42, 120);
            JiraHttp admin = JiraHttp.admin(sim);
            JiraHttp.Response page = admin.get("/rest/api/3/search/jql?jql=" + JiraHttp.q("project = PLAT ORDER BY key ASC")
                    + "&maxResults=10&fields=summary,status,duedate");
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().get("issues")).hasSize(10);
            assertThat(page.json().get("isLast").asBoolean()).isFalse();
            assertThat(page.json().get("issues").get(0).get("key").asText()).isEqualTo("PLAT-1");
            JiraHttp.Response issue = admin.get("/rest/api/3/issue/PLAT-1");
            assertThat(issue.status()).as(issue.body()).isEqualTo(200);
            assertThat(issue.json().at("/fields/project/key").asText()).isEqualTo("PLAT");
        }
    }

    @Test
    void dataCenterPagesWithStartAtAndBearerTokens() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.DATA_CENTER, 0)) {
            sim.seed(42, 30);
            sim.addAccount("zoe", "Zoe", "zoe@example.com", "zoe-token");
            sim.grant("zoe", "PLAT", Permission.BROWSE, Permission.EDIT);
            JiraHttp zoe = JiraHttp.as(sim, "zoe@example.com", "zoe-token");
            JiraHttp.Response page = zoe.get("/rest/api/2/search?jql=" + JiraHttp.q("project = PLAT") + "&startAt=25&maxResults=10");
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().get("total").asInt()).isEqualTo(30);
            assertThat(page.json().get("issues")).hasSize(5);
            JiraHttp.Response edit = zoe.put("/rest/api/2/issue/PLAT-3", Map.of("fields", Map.of("customfield_10015", "2026-12-01")));
            assertThat(edit.status()).as(edit.body()).isEqualTo(204);
            assertThat(sim.issueFields("PLAT-3")).containsEntry("customfield_10015", "2026-12-01");
        }
    }
}
