package io.boxsync.server.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real Redmine of the end-to-end tests, driven through its admin REST API: projects, users with their API keys,
 * memberships, versions and issues. Found through {@code REDMINE_URL} and {@code REDMINE_API_KEY}, else the file
 * {@code .ci/redmine-setup.sh start} writes ({@code /tmp/boxsync-redmine.env}); without either, the calling test
 * class is skipped.
 */
final class RedmineAdminClient {
    static final String ENV_FILE = System.getenv().getOrDefault("REDMINE_ENV_FILE", "/tmp/boxsync-redmine.env");

    /** A Redmine user and the API key Boxsync acts with. */
    record Account(long id, String login, String apiKey) {
    }

    final URI url;
    final String adminKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RedmineAdminClient(URI url, String adminKey) {
        this.url = url;
        this.adminKey = adminKey;
    }

    /** The running Redmine, or the calling test is skipped with a message saying how to get one. */
    static RedmineAdminClient connectOrSkip() {
        Map<String, String> env = new LinkedHashMap<>();
        Path file = Path.of(ENV_FILE);
        if (Files.isReadable(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String l = line.strip().replaceFirst("^export\\s+", "");
                    int eq = l.indexOf('=');
                    if (eq > 0) {
                        env.put(l.substring(0, eq), l.substring(eq + 1).replaceAll("^['\"]|['\"]$", ""));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
        String url = System.getenv().getOrDefault("REDMINE_URL", env.get("REDMINE_URL"));
        String key = System.getenv().getOrDefault("REDMINE_API_KEY", env.get("REDMINE_API_KEY"));
        skipUnless(url != null && key != null, "no real Redmine: set REDMINE_URL and REDMINE_API_KEY, or run "
                + "`bash .ci/redmine-setup.sh start` (writes " + ENV_FILE + ")");
        RedmineAdminClient admin = new RedmineAdminClient(URI.create(url.replaceAll("/+$", "")), key);
        skipUnless(admin.answers(), "Redmine at " + url + " does not answer: run `bash .ci/redmine-setup.sh start`");
        return admin;
    }

    private static void skipUnless(boolean condition, String message) {
        if (!condition) {
            // An assumption failing in @BeforeAll shows in reports only as "0 tests": say why on the console too.
            System.err.println("SKIPPED MixedToolsIT: " + message);
        }
        assumeTrue(condition, message);
    }

    private boolean answers() {
        try {
            return send("GET", "/users/current.json", null, adminKey).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A unique lower-case identifier, so each run's projects and users never collide with an earlier run's. */
    static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    /** The admin account (the API key's owner), as the connection's technical user. */
    Account admin() {
        JsonNode me = get("/users/current.json").path("user");
        return new Account(me.path("id").asLong(), me.path("login").asText(), adminKey);
    }

    void createProject(String identifier) {
        post("/projects.json", Map.of("project", Map.of("name", identifier, "identifier", identifier,
                "is_public", false)));
    }

    /** A new active user with its own API key ({@code POST /users.json} answers it). */
    Account createUser(String login) {
        JsonNode user = post("/users.json", Map.of("user", Map.of("login", login, "firstname", login,
                "lastname", "Tester", "mail", login + "@example.net", "password", "boxsync-" + login)))
                .path("user");
        String key = user.path("api_key").asText("");
        if (key.isEmpty()) {
            throw new IllegalStateException("Redmine answered no api_key for the new user " + login
                    + " (is the REST API enabled?)");
        }
        return new Account(user.path("id").asLong(), login, key);
    }

    void addMember(String project, Account user, String roleName) {
        post("/projects/" + project + "/memberships.json", Map.of("membership",
                Map.of("user_id", user.id(), "role_ids", List.of(roleId(roleName)))));
    }

    private long roleId(String name) {
        for (JsonNode role : get("/roles.json").path("roles")) {
            if (role.path("name").asText().equals(name)) {
                return role.path("id").asLong();
            }
        }
        throw new IllegalStateException("Redmine has no role " + name + " (default data not loaded?)");
    }

    long createVersion(String project, String name) {
        return post("/projects/" + project + "/versions.json", Map.of("version", Map.of("name", name)))
                .path("version").path("id").asLong();
    }

    long createIssue(String project, String subject, Map<String, Object> fields) {
        Map<String, Object> issue = new LinkedHashMap<>(fields);
        issue.put("project_id", project);
        issue.put("subject", subject);
        return post("/issues.json", Map.of("issue", issue)).path("issue").path("id").asLong();
    }

    /** Changes an issue as the user with this API key. */
    void updateIssue(long id, Map<String, Object> fields, String apiKey) {
        HttpResponse<String> answer = send("PUT", "/issues/" + id + ".json", Map.of("issue", fields), apiKey);
        if (answer.statusCode() != 204 && answer.statusCode() != 200) {
            throw new IllegalStateException("PUT issue " + id + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
    }

    JsonNode issue(long id) {
        return get("/issues/" + id + ".json").path("issue");
    }

    private JsonNode get(String path) {
        HttpResponse<String> answer = send("GET", path, null, adminKey);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return read(answer.body());
    }

    private JsonNode post(String path, Object body) {
        HttpResponse<String> answer = send("POST", path, body, adminKey);
        if (answer.statusCode() != 201 && answer.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        return read(answer.body());
    }

    private HttpResponse<String> send(String method, String path, Object body, String key) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Redmine-API-Key", key)
                    .header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(body)));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return ApiClient.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
