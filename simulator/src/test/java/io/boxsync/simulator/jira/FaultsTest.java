package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.boxsync.simulator.jira.JiraSimulator.Flavour;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private JiraSimulator sim;
    private JiraHttp admin;

    @BeforeEach
    void start() {
        sim = JiraSimulator.start(Flavour.DATA_CENTER, 0);
        sim.addProject("FLT", "Faults");
        sim.createIssue(null, "FLT", "Task", "T", Map.of());
        admin = JiraHttp.admin(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void failNextAnswersTheStatusForExactlyThatManyRequests() {
        sim.faults().failNext(2, 503);
        assertThat(admin.get("/rest/api/2/issue/FLT-1").status()).isEqualTo(503);
        JiraHttp.Response second = admin.get("/rest/api/2/issue/FLT-1");
        assertThat(second.status()).isEqualTo(503);
        assertThat(second.json().get("errorMessages")).isNotEmpty();
        assertThat(admin.get("/rest/api/2/issue/FLT-1").status()).isEqualTo(200);
    }

    @Test
    void rateLimitNextAnswers429WithRetryAfter() {
        sim.faults().rateLimitNext(1, 7);
        JiraHttp.Response limited = admin.get("/rest/api/2/search?jql=project%3DFLT");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("7");
        assertThat(limited.json().get("errorMessages")).isNotEmpty();
        assertThat(admin.get("/rest/api/2/search?jql=project%3DFLT").status()).isEqualTo(200);
    }

    @Test
    void resetNextDropsTheConnectionWithoutAnAnswer() {
        sim.faults().resetNext(1);
        // A POST, because the JDK client silently retries an idempotent GET once on a dropped connection.
        assertThatThrownBy(() -> admin.post("/rest/api/2/search", Map.of("jql", "project = FLT")))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(admin.get("/rest/api/2/issue/FLT-1").status()).isEqualTo(200);
    }

    @Test
    void latencyDelaysEveryRequestUntilCleared() {
        sim.faults().latency(Duration.ofMillis(300));
        long start = System.nanoTime();
        admin.get("/rest/api/2/issue/FLT-1");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        sim.faults().clear();
        sim.faults().failNext(1, 500);
        sim.faults().clear();
        assertThat(admin.get("/rest/api/2/issue/FLT-1").status()).isEqualTo(200);
    }

    @Test
    void faultsDoNotTouchTheControlApi() {
        sim.faults().failNext(1, 502);
        assertThat(JiraHttp.anonymous(sim).get("/_sim/info").status()).isEqualTo(200);
        assertThat(admin.get("/rest/api/2/issue/FLT-1").status()).isEqualTo(502);
    }

    @Test
    void indexSummaryReportsAConsistentIndexUntilCorrupted() {
        JiraHttp.Response healthy = admin.get("/rest/api/2/index/summary");
        assertThat(healthy.status()).isEqualTo(200);
        assertThat(healthy.json().at("/issueIndex/indexReadable").asBoolean()).isTrue();
        assertThat(healthy.json().at("/issueIndex/countInIndex").asInt()).isEqualTo(healthy.json().at("/issueIndex/countInDatabase").asInt());
        sim.faults().corruptIndex(true);
        JiraHttp.Response corrupt = admin.get("/rest/api/2/index/summary");
        assertThat(corrupt.json().at("/issueIndex/countInIndex").asInt()).isLessThan(corrupt.json().at("/issueIndex/countInDatabase").asInt());
        assertThat(corrupt.json().at("/issueIndex/lastUpdatedInIndex").asText())
                .isNotEqualTo(corrupt.json().at("/issueIndex/lastUpdatedInDatabase").asText());
    }

    @Test
    void requestCountsCountJiraApiPathsByPrefix() {
        sim.resetRequestCounts();
        admin.get("/rest/api/2/issue/FLT-1");
        admin.get("/rest/api/2/issue/FLT-1?fields=summary");
        admin.get("/rest/api/2/search?jql=project%3DFLT");
        JiraHttp.anonymous(sim).get("/_sim/info");
        assertThat(sim.requestCount("/rest/api/2/issue/")).isEqualTo(2);
        assertThat(sim.requestCount("/rest/api/2/")).isEqualTo(3);
        assertThat(sim.requestCount("/_sim")).isZero();
        sim.resetRequestCounts();
        assertThat(sim.requestCount("/")).isZero();
    }

    @Test
    void cloudHasNoIndexSummary() {
        try (JiraSimulator cloud = JiraSimulator.start(Flavour.CLOUD, 0)) {
            assertThat(JiraHttp.admin(cloud).get("/rest/api/2/index/summary").status()).isEqualTo(404);
        }
    }
}
