package io.boxsync.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.server.http.DatabaseStatus;
import io.boxsync.server.http.HttpApi;
import io.boxsync.server.web.WebUiRoutes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The web UI's files over real HTTP: the page, its modules and stylesheet with the right types and cache headers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticFilesUiIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpApi api;
    private URI base;

    @BeforeAll
    void start() {
        api = HttpApi.start("127.0.0.1", 0, 1_000_000, new DatabaseStatus() {
            @Override
            public boolean isReachable() {
                return true;
            }

            @Override
            public String serverVersion() {
                return "test";
            }
        }, List.of(new WebUiRoutes()));
        base = URI.create("http://127.0.0.1:" + api.port());
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void theRootAnswersTheSinglePageAppNeverCached() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/js/app.js\">");
    }

    @Test
    void modulesAndStylesHaveTheirTypesAndAreRevalidatedByEtag() throws Exception {
        for (String file : List.of("js/app.js", "js/api.js", "js/util.js", "js/gantt.js", "js/roadmap.js", "js/resources.js")) {
            HttpResponse<String> module = get("/ui/" + file, null);
            assertThat(module.statusCode()).as(file).isEqualTo(200);
            assertThat(module.headers().firstValue("Content-Type").orElse("")).as(file).startsWith("text/javascript");
        }
        HttpResponse<String> css = get("/ui/style.css", null);
        assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(css.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String etag = css.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/ui/style.css", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void unknownAndTraversingPathsAreNotFound() throws Exception {
        assertThat(get("/ui/missing.js", null).statusCode()).isEqualTo(404);
        assertThat(get("/ui/..%2F..%2Flogback.xml", null).statusCode()).isEqualTo(404);
        assertThat(get("/ui/js/../../logback.xml", null).statusCode()).isEqualTo(404);
        assertThat(get("/ui/app.exe", null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
