package io.boxsync.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.core.sync.SyncSettings;
import io.boxsync.server.BoxsyncServer;
import io.boxsync.server.config.ServerConfig;
import io.boxsync.server.wiring.SyncRuntime;
import io.boxsync.simulator.jira.JiraSimulator;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A complete Boxsync demo in one process: the real server on the embedded PostgreSQL, an in-process Jira Cloud
 * simulator seeded with a small organisation (projects PLAT, WEB and MOB with epics, stories, sub-tasks, links,
 * sprints and versions), and, made through Boxsync's own HTTP API as an admin would: a Jira connection whose signed
 * webhook is registered in the simulator, the demo people with their linked Jira accounts, and a portfolio / program /
 * project Box tree. A background {@link DemoTeam} edits issues in Jira now and then.
 *
 * <p>Idempotent: started again on the same data directory it reuses the connection, people and Boxes it finds by name
 * and the simulator's port (remembered in {@code demo.properties}), so the stored connection still points at it.
 * Used by {@code boxsync demo}, by {@code DemoIT} and by the browser tests. Not thread-safe to start; the returned
 * world may be read from any thread. {@link #close()} stops the team, the server and the simulator.
 */
public final class DemoWorld implements AutoCloseable {
    /** Issues in the seeded Jira; 1,200 gives three projects (PLAT, WEB, MOB). */
    public static final int ISSUES = 1_200;
    public static final long SEED = 7;
    public static final String CONNECTION_NAME = "Acme Jira (simulated)";
    public static final String PORTFOLIO = "Acme portfolio";
    public static final String PROGRAM = "Product program";
    public static final String PROJECT = "Platform team";
    public static final String WEBHOOK_SECRET = "demo-webhook-secret";
    public static final String ADMIN_PASSWORD = "admin-demo-pass";
    static final String TECH_ACCOUNT = "boxsync-tech";
    private static final List<String> PROJECTS = List.of("PLAT", "WEB", "MOB");

    /**
     * A person who can sign in to the demo.
     *
     * @param login Boxsync login
     * @param password Boxsync password
     * @param displayName shown name
     * @param jiraAccountId the linked Jira account
     * @param rights what the person may do, in words
     */
    public record Person(String login, String password, String displayName, String jiraAccountId, String rights) {
    }

    /** The people, admin first. Jira rights come from {@link JiraSimulator#seed(long, int)}. */
    public static final List<Person> PEOPLE = List.of(
            new Person("admin", ADMIN_PASSWORD, "Administrator", JiraSimulator.ADMIN_ACCOUNT_ID,
                    "Boxsync admin: connections, users, Boxes, re-sync"),
            new Person("alice", "alice-demo-pass", "Alice Archer", "alice",
                    "Box editor; in Jira may edit, schedule and link: moves tasks on the Gantt"),
            new Person("bob", "bob-demo-pass", "Bob Brown", "bob",
                    "Box viewer; in Jira may only browse"),
            new Person("carol", "carol-demo-pass", "Carol Chen", "carol",
                    "Box editor; in Jira may edit but not schedule: her moves are refused with a reason"));

    private final JiraSimulator jira;
    private final BoxsyncServer server;
    private final URI url;
    private final DemoApi admin;
    private final long connectionId;
    private final long portfolioBoxId;
    private final long programBoxId;
    private final long projectBoxId;
    private final DemoTeam team;

    private DemoWorld(JiraSimulator jira, BoxsyncServer server, URI url, DemoApi admin, long connectionId,
                      long portfolioBoxId, long programBoxId, long projectBoxId, DemoTeam team) {
        this.jira = jira;
        this.server = server;
        this.url = url;
        this.admin = admin;
        this.connectionId = connectionId;
        this.portfolioBoxId = portfolioBoxId;
        this.programBoxId = programBoxId;
        this.projectBoxId = projectBoxId;
        this.team = team;
    }

    /** {@link #start(Path, int, Duration, PrintStream)} with the team editing every 5 s, quietly. */
    public static DemoWorld start(Path dataDir, int port) {
        return start(dataDir, port, Duration.ofSeconds(5), new PrintStream(PrintStream.nullOutputStream()));
    }

    /**
     * Starts the demo.
     *
     * @param dataDir the demo's directory (created if missing): the database and {@code demo.properties}
     * @param port Boxsync's HTTP port on 127.0.0.1, 0 for any free port
     * @param teamPace how often the team edits an issue; zero for no background edits
     * @param console where server start-up messages go
     * @throws DemoSetupException when a step fails, naming it
     */
    public static DemoWorld start(Path dataDir, int port, Duration teamPace, PrintStream console) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo directory " + dir, e);
        }
        Properties state = loadState(dir);
        int jiraPort = Integer.parseInt(state.getProperty("jira.port", "0"));
        JiraSimulator jira;
        try {
            jira = JiraSimulator.start(JiraSimulator.Flavour.CLOUD, jiraPort);
        } catch (RuntimeException e) {
            throw new DemoSetupException("the demo's Jira simulator cannot listen on port " + jiraPort
                    + " (remembered in " + dir.resolve("demo.properties") + "): free it, or start with --fresh", e);
        }
        BoxsyncServer server = null;
        DemoTeam team = null;
        try {
            seedJira(jira);
            state.setProperty("jira.port", String.valueOf(jira.baseUrl().getPort()));
            saveState(dir, state);

            ServerConfig config = new ServerConfig(ServerConfig.DEFAULT_HOST, port, dir.resolve("boxsync"),
                    Optional.empty(), ServerConfig.DEFAULT_MAX_REQUEST_BYTES, Optional.of(ADMIN_PASSWORD));
            server = BoxsyncServer.start(config, console,
                    SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(2)),
                    new SyncRuntime.Loops(Duration.ofMillis(250), Duration.ofMinutes(5), Duration.ofSeconds(60)));
            URI url = URI.create("http://127.0.0.1:" + server.port() + "/");
            DemoApi admin;
            try {
                admin = DemoApi.signIn(url, "admin", ADMIN_PASSWORD);
            } catch (DemoSetupException e) {
                throw new DemoSetupException("the demo admin cannot sign in; was " + dir
                        + " made by something other than the demo? Start with --fresh. (" + e.getMessage() + ")");
            }
            long connectionId = ensureConnection(admin, jira);
            jira.registerWebhook(url.resolve("/webhooks/" + connectionId), WEBHOOK_SECRET);
            Map<String, Long> users = new java.util.HashMap<>();
            for (Person person : PEOPLE) {
                long id = ensureUser(admin, person);
                users.put(person.login(), id);
                admin.put("/api/users/" + id + "/accounts/" + connectionId, Map.of("accountId", person.jiraAccountId(),
                        "login", email(person.jiraAccountId()), "token", token(person.jiraAccountId()))).expect(200);
            }
            List<Map<String, Object>> members = List.of(
                    Map.of("userId", users.get("alice"), "role", "EDITOR"),
                    Map.of("userId", users.get("bob"), "role", "VIEWER"),
                    Map.of("userId", users.get("carol"), "role", "EDITOR"));
            List<JsonNode> boxes = list(admin.get("/api/boxes").expect(200));
            long portfolio = ensureBox(admin, boxes, PORTFOLIO, Map.of("name", PORTFOLIO, "kind", "PORTFOLIO",
                    "scope", Map.of("mode", "NONE"), "members", members));
            long program = ensureBox(admin, boxes, PROGRAM, Map.of("name", PROGRAM, "kind", "PROGRAM",
                    "parentId", portfolio,
                    "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connectionId,
                            "sources", PROJECTS.stream().map(p -> Map.of("kind", "PROJECT", "value", p)).toList()))),
                    "scopeOwnerId", users.get("alice"),
                    "builders", List.of(Map.of("kind", "EPIC"), Map.of("kind", "PARENT")),
                    "defaultTaskMode", "AUTO_BASIC", "members", members));
            long project = ensureBox(admin, boxes, PROJECT, Map.of("name", PROJECT, "kind", "PROJECT",
                    "parentId", program,
                    "scope", Map.of("mode", "SUB", "subFilter", "project = PLAT"),
                    "scopeOwnerId", users.get("alice"),
                    "builders", List.of(Map.of("kind", "SPRINT"), Map.of("kind", "EPIC"), Map.of("kind", "PARENT")),
                    "defaultTaskMode", "AUTO_BASIC", "members", members));
            team = new DemoTeam(jira, jira.issueKeys(), System.nanoTime());
            team.start(teamPace);
            return new DemoWorld(jira, server, url, admin, connectionId, portfolio, program, project, team);
        } catch (RuntimeException | Error e) {
            if (team != null) {
                team.close();
            }
            if (server != null) {
                server.close();
            }
            jira.close();
            throw e;
        }
    }

    private static void seedJira(JiraSimulator jira) {
        jira.seed(SEED, ISSUES);
        jira.addAccount(TECH_ACCOUNT, "Boxsync (technical user)", email(TECH_ACCOUNT), token(TECH_ACCOUNT));
        for (String project : PROJECTS) {
            jira.grant(TECH_ACCOUNT, project, Permission.values());
        }
    }

    static String email(String accountId) {
        return JiraSimulator.ADMIN_ACCOUNT_ID.equals(accountId) ? JiraSimulator.ADMIN_EMAIL : accountId + "@example.com";
    }

    static String token(String accountId) {
        return JiraSimulator.ADMIN_ACCOUNT_ID.equals(accountId) ? JiraSimulator.ADMIN_TOKEN : accountId + "-token";
    }

    private static long ensureConnection(DemoApi admin, JiraSimulator jira) {
        for (JsonNode c : list(admin.get("/api/connections").expect(200))) {
            if (CONNECTION_NAME.equals(c.path("name").asText())) {
                if (!jira.baseUrl().toString().equals(c.path("baseUrl").asText().replaceAll("/$", ""))) {
                    throw new DemoSetupException("the demo connection points at " + c.path("baseUrl").asText()
                            + " but the simulator runs at " + jira.baseUrl() + "; start with --fresh");
                }
                return c.get("id").asLong();
            }
        }
        return admin.post("/api/connections", Map.of(
                "name", CONNECTION_NAME, "kind", "JIRA_CLOUD", "baseUrl", jira.baseUrl().toString(),
                "technicalUser", Map.of("accountId", TECH_ACCOUNT, "login", email(TECH_ACCOUNT),
                        "token", token(TECH_ACCOUNT)),
                "webhookSecret", WEBHOOK_SECRET,
                "fieldMapping", Map.of("startField", "customfield_10015", "endField", "duedate",
                        "iterationKind", "SPRINT", "dependencyTypes", Map.of("Blocks", "FS"))))
                .expect(201).get("id").asLong();
    }

    private static long ensureUser(DemoApi admin, Person person) {
        for (JsonNode u : list(admin.get("/api/users").expect(200))) {
            if (person.login().equals(u.path("login").asText())) {
                return u.get("id").asLong();
            }
        }
        return admin.post("/api/users", Map.of("login", person.login(), "displayName", person.displayName(),
                "password", person.password(), "admin", false)).expect(201).get("id").asLong();
    }

    private static long ensureBox(DemoApi admin, List<JsonNode> existing, String name, Map<String, Object> request) {
        for (JsonNode box : existing) {
            if (name.equals(box.path("name").asText())) {
                return box.get("id").asLong();
            }
        }
        return admin.post("/api/boxes", request).expect(201).get("id").asLong();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> result = new ArrayList<>();
        array.forEach(result::add);
        return result;
    }

    private static Properties loadState(Path dir) {
        Properties p = new Properties();
        Path file = dir.resolve(DemoDirectory.MARKER);
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return p;
    }

    private static void saveState(Path dir, Properties state) {
        try (var out = Files.newOutputStream(dir.resolve(DemoDirectory.MARKER))) {
            state.store(out, "Boxsync demo state; delete the directory (or use --fresh) to start over");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo state in " + dir, e);
        }
    }

    /** Boxsync's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return url;
    }

    /** The people who can sign in, admin first. */
    public List<Person> people() {
        return PEOPLE;
    }

    /** The in-process Jira simulator. */
    public JiraSimulator jira() {
        return jira;
    }

    /** The running server. */
    public BoxsyncServer server() {
        return server;
    }

    /** A client of the API signed in as the demo admin. */
    public DemoApi admin() {
        return admin;
    }

    public long connectionId() {
        return connectionId;
    }

    public long portfolioBoxId() {
        return portfolioBoxId;
    }

    public long programBoxId() {
        return programBoxId;
    }

    public long projectBoxId() {
        return projectBoxId;
    }

    /** The background team editing Jira. */
    public DemoTeam team() {
        return team;
    }

    /** The welcome text: where to go and who to sign in as. */
    public String welcome() {
        StringBuilder text = new StringBuilder();
        text.append("\nBoxsync demo is ready: ").append(url).append('\n');
        text.append("Jira (simulated, Cloud) at ").append(jira.baseUrl()).append(": projects ")
                .append(String.join(", ", PROJECTS)).append(", ").append(jira.issueKeys().size()).append(" issues\n");
        text.append("Boxes: ").append(PORTFOLIO).append(" > ").append(PROGRAM).append(" > ").append(PROJECT).append('\n');
        text.append("Sign in as:\n");
        for (Person p : PEOPLE) {
            text.append(String.format("  %-6s password %-16s %s%n", p.login(), p.password(), p.rights()));
        }
        text.append("A simulated team edits Jira issues every few seconds; open \"").append(PROGRAM)
                .append("\" to watch them arrive.\nStop with Ctrl+C.\n");
        return text.toString();
    }

    @Override
    public void close() {
        try {
            team.close();
            server.close();
        } finally {
            jira.close();
        }
    }
}
