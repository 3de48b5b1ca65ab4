package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.simulator.jira.JiraSimulator.Flavour;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchPagingTest {
    private static JiraSimulator simWithIssues(Flavour flavour, int count) {
        JiraSimulator sim = JiraSimulator.start(flavour, 0);
        sim.addProject("PAGE", "Paging");
        for (int i = 0; i < count; i++) {
            sim.createIssue(null, "PAGE", "Task", "Issue " + i, Map.of());
        }
        return sim;
    }

    private static List<String> keys(JsonNode issues) {
        List<String> keys = new ArrayList<>();
        issues.forEach(i -> keys.add(i.get("key").asText()));
        return keys;
    }

    /** Pages through Cloud's search/jql with nextPageToken; returns the pages' sizes. */
    private static List<Integer> cloudPages(JiraSimulator sim, String jql, int maxResults, String fields, Set<String> seen) {
        JiraHttp admin = JiraHttp.admin(sim);
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        for (int guard = 0; guard < 1000; guard++) {
            Map<String, Object> body = new HashMap<>();
            body.put("jql", jql);
            body.put("maxResults", maxResults);
            body.put("fields", List.of(fields.split(",")));
            if (token != null) {
                body.put("nextPageToken", token);
            }
            JiraHttp.Response page = admin.post("/rest/api/3/search/jql", body);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().has("total")).isFalse();
            sizes.add(page.json().get("issues").size());
            seen.addAll(keys(page.json().get("issues")));
            boolean last = page.json().get("isLast").asBoolean();
            if (last) {
                assertThat(page.json().has("nextPageToken")).isFalse();
                return sizes;
            }
            token = page.json().get("nextPageToken").asText();
        }
        throw new AssertionError("never reached isLast");
    }

    @ParameterizedTest(name = "{0} issues")
    @ValueSource(ints = {0, 1, 5, 6})
    void cloudTokenPagingReadsEveryIssueExactlyOnceAtThePageBoundaries(int count) {
        try (JiraSimulator sim = simWithIssues(Flavour.CLOUD, count)) {
            Set<String> seen = new LinkedHashSet<>();
            List<Integer> sizes = cloudPages(sim, "project = PAGE ORDER BY key ASC", 5, "summary", seen);
            assertThat(seen).hasSize(count);
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
            int expectedPages = count == 0 ? 1 : (count + 4) / 5;
            assertThat(sizes).hasSize(expectedPages);
        }
    }

    @ParameterizedTest(name = "{0} issues")
    @ValueSource(ints = {0, 1, 5, 6})
    void dataCenterOffsetPagingReportsTotalAndEmptyPagesPastTheEnd(int count) {
        try (JiraSimulator sim = simWithIssues(Flavour.DATA_CENTER, count)) {
            JiraHttp admin = JiraHttp.admin(sim);
            Set<String> seen = new LinkedHashSet<>();
            for (int startAt = 0; startAt <= count; startAt += 5) {
                JiraHttp.Response page = admin.get("/rest/api/2/search?jql=" + JiraHttp.q("project = PAGE ORDER BY key")
                        + "&startAt=" + startAt + "&maxResults=5");
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                assertThat(page.json().get("total").asInt()).isEqualTo(count);
                assertThat(page.json().get("startAt").asInt()).isEqualTo(startAt);
                assertThat(page.json().get("maxResults").asInt()).isEqualTo(5);
                assertThat(page.json().get("issues").size()).isEqualTo(Math.min(5, Math.max(0, count - startAt)));
                seen.addAll(keys(page.json().get("issues")));
            }
            assertThat(seen).hasSize(count);
        }
    }

    @Test
    void cloudCapsPagesAtOneHundredWithFieldsAndFiveThousandForIdsOnly() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            sim.seed(7, 6000);
            JiraHttp admin = JiraHttp.admin(sim);
            JiraHttp.Response withFields = admin.get("/rest/api/3/search/jql?jql=" + JiraHttp.q("created >= 2026-01-01")
                    + "&maxResults=1000&fields=summary");
            assertThat(withFields.json().get("issues")).hasSize(100);
            JiraHttp.Response idsOnly = admin.get("/rest/api/3/search/jql?jql=" + JiraHttp.q("created >= 2026-01-01")
                    + "&maxResults=10000&fields=id");
            assertThat(idsOnly.json().get("issues")).hasSize(5000);
            assertThat(idsOnly.json().get("issues").get(0).has("fields")).isFalse();
            assertThat(idsOnly.json().get("isLast").asBoolean()).isFalse();
        }
    }

    @Test
    void dataCenterCapsPagesAtOneThousandAndSaysSoInMaxResults() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.DATA_CENTER, 0)) {
            sim.seed(7, 1500);
            JiraHttp.Response page = JiraHttp.admin(sim).get("/rest/api/2/search?jql=" + JiraHttp.q("order by key") + "&maxResults=5000&fields=summary");
            assertThat(page.json().get("maxResults").asInt()).isEqualTo(1000);
            assertThat(page.json().get("issues")).hasSize(1000);
            assertThat(page.json().get("total").asInt()).isEqualTo(1500);
        }
    }

    @Test
    void aHundredThousandSeededIssuesPageThroughQuickly() {
        try (JiraSimulator sim = JiraSimulator.start(Flavour.CLOUD, 0)) {
            long start = System.nanoTime();
            sim.seed(1, 100_000);
            long seeded = System.nanoTime();
            Set<String> seen = new LinkedHashSet<>();
            cloudPages(sim, "project in (PLAT, WEB, MOB, OPS, DATA) ORDER BY key", 5000, "id", seen);
            long paged = System.nanoTime();
            assertThat(seen).hasSize(100_000);
            assertThat((seeded - start) / 1_000_000).as("seed ms").isLessThan(20_000);
            assertThat((paged - seeded) / 1_000_000).as("paging ms").isLessThan(60_000);
            System.out.printf("seed 100k: %d ms, page ids: %d ms%n", (seeded - start) / 1_000_000, (paged - seeded) / 1_000_000);
        }
    }
}
