package io.boxsync.connector.redmine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real Redmine the integration tests run against, driven through its admin REST API to set up each test's
 * own projects, users, issues and relations. Found through {@code REDMINE_URL} and {@code REDMINE_API_KEY}, else
 * the file {@code .ci/redmine-setup.sh start} writes ({@code /tmp/boxsync-redmine.env}); without either, the
 * calling test is skipped.
 */
public final class RedmineAdmin {
    static final String ENV_FILE = System.getenv().getOrDefault("REDMINE_ENV_FILE", "/tmp/boxsync-redmine.env");
    private static final ObjectMapper JSON = new ObjectMapper();

    final URI url;
    final String adminKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RedmineAdmin(URI url, String adminKey) {
        this.url = url;
        this.adminKey = adminKey;
    }

    /** The running Redmine, or the calling test is skipped with a message saying how to get one. */
    public static RedmineAdmin connectOrSkip() {
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
                + "`sudo bash .ci/redmine-setup.sh start` (writes " + ENV_FILE + ")");
        RedmineAdmin admin = new RedmineAdmin(URI.create(url.replaceAll("/+$", "")), key);
        skipUnless(admin.answers(), "Redmine at " + url + " does not answer: run `sudo bash .ci/redmine-setup.sh start`");
        return admin;
    }

    private static void skipUnless(boolean condition, String message) {
        if (!condition) {
            // An assumption failing in @BeforeAll shows in reports only as "0 tests": say why on the console too.
            System.err.println("SKIPPED Redmine integration tests: " + message);
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

    /** Where this Redmine answers. */
    public URI url() {
        return url;
    }

    /** The admin account (the API key's owner), as a connection's technical user. */
    public RemoteAccount adminAccount() {
        JsonNode me = get("/users/current.json").path("user");
        return new RemoteAccount(me.path("id").asText(), me.path("login").asText(), Secret.of(adminKey));
    }

    ConnectionSettings settings() {
        return new ConnectionSettings(ConnectionKind.REDMINE, url, adminAccount(), null,
                new FieldMapping("start_date", "due_date", false, "", Map.of("precedes", "FS"),
                        IterationRef.Kind.VERSION),
                Duration.ofSeconds(20), 2);
    }

    /** A unique lower-case suffix so each run's projects and users never collide with an earlier run's. */
    public static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    // ------------------------------------------------------------------ setup calls (as admin)

    public long createProject(String identifier, boolean isPublic) {
        return post("/projects.json", Map.of("project", Map.of("name", identifier, "identifier", identifier,
                "is_public", isPublic))).path("project").path("id").asLong();
    }

    void deleteProject(String identifier) {
        send("DELETE", "/projects/" + identifier + ".json", null, adminKey);
    }

    /** A new active user; returns it as an account with its own API key. */
    public RemoteAccount createUser(String login) {
        JsonNode user = post("/users.json", Map.of("user", Map.of("login", login, "firstname", login,
                "lastname", "Tester", "mail", login + "@example.net", "password", "boxsync-" + login)))
                .path("user");
        String key = user.path("api_key").asText("");
        if (key.isEmpty()) {
            throw new IllegalStateException("Redmine answered no api_key for the new user " + login
                    + " (is the REST API enabled?)");
        }
        return new RemoteAccount(user.path("id").asText(), login, Secret.of(key));
    }

    public void addMember(String project, RemoteAccount user, String roleName) {
        post("/projects/" + project + "/memberships.json", Map.of("membership",
                Map.of("user_id", Long.parseLong(user.accountId()), "role_ids", List.of(roleId(roleName)))));
    }

    long roleId(String name) {
        for (JsonNode role : get("/roles.json").path("roles")) {
            if (role.path("name").asText().equals(name)) {
                return role.path("id").asLong();
            }
        }
        throw new IllegalStateException("Redmine has no role " + name + " (default data not loaded?)");
    }

    long trackerId(String name) {
        for (JsonNode tracker : get("/trackers.json").path("trackers")) {
            if (tracker.path("name").asText().equals(name)) {
                return tracker.path("id").asLong();
            }
        }
        throw new IllegalStateException("Redmine has no tracker " + name);
    }

    public long createVersion(String project, String name) {
        return post("/projects/" + project + "/versions.json", Map.of("version", Map.of("name", name)))
                .path("version").path("id").asLong();
    }

    public long createIssue(String project, String subject, Map<String, Object> fields) {
        Map<String, Object> issue = new LinkedHashMap<>(fields);
        issue.put("project_id", project);
        issue.put("subject", subject);
        return post("/issues.json", Map.of("issue", issue)).path("issue").path("id").asLong();
    }

    long createIssue(String project, String subject, LocalDate start, LocalDate due) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (start != null) {
            fields.put("start_date", start.toString());
        }
        if (due != null) {
            fields.put("due_date", due.toString());
        }
        return createIssue(project, subject, fields);
    }

    /**
     * Creates {@code count} issues one after the other (Redmine on SQLite answers 500 "database is locked" to
     * parallel writes); returns their ids in creation order.
     */
    List<Long> createIssues(String project, String subjectPrefix, int count, Map<String, Object> fields) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(createIssue(project, subjectPrefix + " " + i, fields));
        }
        return ids;
    }

    void updateIssue(long id, Map<String, Object> fields) {
        updateIssue(id, fields, adminKey);
    }

    /** Changes an issue as the user with this API key. */
    public void updateIssue(long id, Map<String, Object> fields, String apiKey) {
        HttpResponse<String> answer = send("PUT", "/issues/" + id + ".json", Map.of("issue", fields), apiKey);
        if (answer.statusCode() != 204 && answer.statusCode() != 200) {
            throw new IllegalStateException("PUT issue " + id + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    void deleteIssue(long id) {
        send("DELETE", "/issues/" + id + ".json", null, adminKey);
    }

    long createRelation(long from, long to, String type, Integer delay) {
        Map<String, Object> relation = new LinkedHashMap<>();
        relation.put("issue_to_id", to);
        relation.put("relation_type", type);
        if (delay != null) {
            relation.put("delay", delay);
        }
        return post("/issues/" + from + "/relations.json", Map.of("relation", relation)).path("relation").path("id").asLong();
    }

    public JsonNode issue(long id) {
        return get("/issues/" + id + ".json?include=relations,children").path("issue");
    }

    JsonNode relationsOf(long id) {
        return get("/issues/" + id + "/relations.json").path("relations");
    }

    /** The id of the public saved query the setup script creates, or -1 when this Redmine has none. */
    long savedQueryId(String name) {
        for (JsonNode query : get("/queries.json?limit=100").path("queries")) {
            if (query.path("name").asText().equals(name)) {
                return query.path("id").asLong();
            }
        }
        return -1;
    }

    JsonNode get(String path) {
        HttpResponse<String> answer = send("GET", path, null, adminKey);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return read(answer.body());
    }

    private JsonNode post(String path, Object body) {
        HttpResponse<String> answer = send("POST", path, body, adminKey);
        if (answer.statusCode() != 201 && answer.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return read(answer.body());
    }

    HttpResponse<String> send(String method, String path, Object body, String key) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Redmine-API-Key", key)
                    .header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
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
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
