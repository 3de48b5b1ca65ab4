package io.boxsync.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.core.sync.SyncSettings;
import io.boxsync.server.BoxsyncServer;
import io.boxsync.server.config.ServerConfig;
import io.boxsync.server.wiring.SyncRuntime;
import io.boxsync.simulator.jira.JiraSimulator;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in real headless Chromium against the real server, embedded PostgreSQL and the Jira simulator: sign in,
 * open a Box, drag bars (as a permitted and as a forbidden user), move a card to another sprint, draw a link, press
 * R twice, follow a webhook-driven change live, open an issue's WBS panel and the admin pages. Each module's
 * screenshot goes to {@code target/screenshots/}, or to {@code docs/screenshots/} with
 * {@code -Dboxsync.screenshots=docs}. Skipped when Debian's chromium or chromedriver is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoxsyncUiIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String ADMIN_PASSWORD = "admin-password-ui";
    private static final String SECRET = "webhook-secret-ui";
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path dataDir;

    private JiraSimulator jira;
    private BoxsyncServer server;
    private ChromeDriver browser;
    private URI base;
    private UiApi admin;
    private long connectionId;
    private long boxId;
    private String sprint2;
    private final List<String> keys = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "Debian chromium and chromium-driver are not installed");
        jira = JiraSimulator.start(JiraSimulator.Flavour.CLOUD, 0);
        jira.addProject("ALP", "Alpha");
        jira.addAccount("tech-1", "Boxsync Technical", "tech@example.com", "tech-token");
        jira.addAccount("alice-1", "Alice Adams", "alice@example.com", "alice-token");
        jira.addAccount("bob-1", "Bob Brown", "bob@example.com", "bob-token");
        jira.grant("tech-1", "ALP", Permission.values());
        jira.grant("alice-1", "ALP", Permission.BROWSE, Permission.EDIT, Permission.SCHEDULE, Permission.LINK);
        jira.grant("bob-1", "ALP", Permission.BROWSE);
        String board = jira.boardId("ALP");
        LocalDate monday = LocalDate.now().minusDays(LocalDate.now().getDayOfWeek().getValue() - 1);
        String sprint1 = jira.addSprint(board, "Sprint 1", "active", monday.minusDays(3), monday.plusDays(11));
        sprint2 = jira.addSprint(board, "Sprint 2", "future", monday.plusDays(11), monday.plusDays(25));
        String epic = jira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "ALP", "Epic", "Checkout revamp", Map.of());
        String[] summaries = {"Payment form", "Address validation", "Order summary page", "Fraud checks",
            "Receipt e-mails", "Load test checkout"};
        for (int i = 0; i < summaries.length; i++) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("customfield_10015", monday.plusDays(i * 2L).toString());
            fields.put("duedate", monday.plusDays(i * 2L + 4).toString());
            fields.put("customfield_10014", epic);
            fields.put("customfield_10016", (double) (i % 3 + 2));
            fields.put("assignee", i % 2 == 0 ? "alice-1" : "bob-1");
            fields.put("customfield_10020", i < 4 ? sprint1 : sprint2);
            keys.add(jira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "ALP", "Story", summaries[i], fields));
        }

        ServerConfig config = ServerConfig.embeddedOnFreePort(dataDir).withInitialAdminPassword(ADMIN_PASSWORD);
        server = BoxsyncServer.start(config, System.out,
                SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(1)),
                new SyncRuntime.Loops(Duration.ofMillis(100), Duration.ofMinutes(30), Duration.ofMinutes(30)));
        base = URI.create("http://127.0.0.1:" + server.port());
        admin = UiApi.signIn(base, "admin", ADMIN_PASSWORD);
        setUpConnectionUsersAndBox();
        browser = startBrowser();
    }

    private void setUpConnectionUsersAndBox() {
        var connection = admin.post("/api/connections", Map.of(
                "name", "Jira Cloud", "kind", "JIRA_CLOUD", "baseUrl", jira.baseUrl().toString(),
                "technicalUser", Map.of("accountId", "tech-1", "login", "tech@example.com", "token", "tech-token"),
                "webhookSecret", SECRET,
                "fieldMapping", Map.of("startField", "customfield_10015", "endField", "duedate",
                        "storyPointsField", "customfield_10016",
                        "iterationKind", "SPRINT", "dependencyTypes", Map.of("Blocks", "FS"))));
        assertThat(connection.status()).as(connection.body()).isEqualTo(201);
        connectionId = connection.json().get("id").asLong();
        long aliceId = createUser("alice", "Alice Adams", "alice-1", "alice@example.com", "alice-token");
        long bobId = createUser("bob", "Bob Brown", "bob-1", "bob@example.com", "bob-token");
        var box = admin.post("/api/boxes", Map.of("name", "Alpha program", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connectionId,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "ALP"))))),
                "scopeOwnerId", aliceId,
                "builders", List.of(Map.of("kind", "EPIC"), Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", aliceId, "role", "ADMIN"), Map.of("userId", bobId, "role", "EDITOR"))));
        assertThat(box.status()).as(box.body()).isEqualTo(201);
        boxId = box.json().get("id").asLong();
        jira.registerWebhook(base.resolve("/webhooks/" + connectionId), SECRET);
    }

    private long createUser(String login, String name, String accountId, String email, String token) {
        var user = admin.post("/api/users", Map.of("login", login, "displayName", name,
                "password", login + "-password-1", "admin", false));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        long id = user.json().get("id").asLong();
        var linked = admin.put("/api/users/" + id + "/accounts/" + connectionId,
                Map.of("accountId", accountId, "login", email, "token", token));
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        return id;
    }

    private static ChromeDriver startBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory("chrome-profile-"), "--window-size=1440,900");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (jira != null) {
            jira.close();
        }
    }

    @Test
    @Order(1)
    void aUserSignsInAndSeesTheBoxTreeWithItsSyncHealth() {
        signIn("alice", "alice-password-1");
        WebElement box = waitFor(By.linkText("Alpha program"));
        assertThat(browser.findElement(By.cssSelector("ul[role=tree]")).getText()).contains("PROGRAM", "Needs full sync");
        screenshot("boxes");
        box.click();
    }

    @Test
    @Order(2)
    void openingTheBoxRunsTheFullSyncAndShowsTheWbsAndBars() {
        waitUntil(d -> bars().size() == keys.size());
        assertThat(browser.findElement(By.id("gantt")).getText()).contains("Checkout revamp", "Payment form");
        assertThat(browser.findElement(By.id("sync-meta")).getText()).contains("Last full sync");
        browser.executeScript("window.__sameDocument = true;");
        screenshot("gantt");
    }

    @Test
    @Order(3)
    void draggingABarWritesTheNewDatesToJira() {
        String key = keys.get(1);
        WebElement bar = bar(key);
        LocalDate start = LocalDate.parse(bar.getAttribute("data-start"));
        drag(bar, 3 * 24 + 4);
        await().atMost(WAIT).untilAsserted(() -> assertThat(String.valueOf(jira.issueFields(key).get("customfield_10015")))
                .isEqualTo(start.plusDays(3).toString()));
        assertThat(String.valueOf(jira.issueFields(key).get("duedate"))).isEqualTo(start.plusDays(7).toString());
        waitUntil(d -> bar(key).getAttribute("data-start").equals(start.plusDays(3).toString()));
    }

    @Test
    @Order(4)
    void aForbiddenUsersDragIsRefusedVisiblyAndTheBarGoesBack() {
        signOut();
        signIn("bob", "bob-password-1");
        browser.get(base + "/#/boxes/" + boxId + "/gantt");
        waitUntil(d -> bars().size() == keys.size());
        String key = keys.get(2);
        WebElement bar = bar(key);
        String start = bar.getAttribute("data-start");
        String left = bar.getCssValue("left");
        Object jiraStart = jira.issueFields(key).get("customfield_10015");

        drag(bar, 5 * 24 + 4);

        WebElement alert = waitFor(By.cssSelector("#alert[role=alert]:not([hidden])"));
        assertThat(alert.getText()).contains(key).contains("not moved");
        waitUntil(d -> bar(key).getAttribute("data-start").equals(start) && bar(key).getCssValue("left").equals(left));
        assertThat(jira.issueFields(key).get("customfield_10015")).isEqualTo(jiraStart);
        screenshot("gantt-refused");
        signOut();
        signIn("alice", "alice-password-1");
    }

    @Test
    @Order(5)
    void aCardDraggedToAnotherSprintColumnMovesTheIssueInJira() {
        browser.get(base + "/#/boxes/" + boxId + "/roadmap");
        String key = keys.get(3);
        WebElement card = waitFor(By.cssSelector(".card-item[data-key='" + key + "']"));
        WebElement column = waitFor(By.xpath("//section[contains(@class,'column')][.//h2[text()='Sprint 2']]"));
        new Actions(browser).moveToElement(card).clickAndHold().moveByOffset(10, 10).moveToElement(column)
                .moveByOffset(0, 10).release().perform();
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(String.valueOf(jira.issueFields(key).get("customfield_10020"))).isEqualTo(sprint2));
        waitUntil(d -> !browser.findElements(By.xpath("//section[contains(@class,'column')][.//h2[text()='Sprint 2']]"
                + "//li[@data-key='" + key + "']")).isEmpty());
        screenshot("roadmap");
    }

    @Test
    @Order(6)
    void drawingFromABarsEndHandleOntoAnotherBarLinksTheIssuesInJira() {
        browser.get(base + "/#/boxes/" + boxId + "/gantt");
        waitUntil(d -> bars().size() == keys.size());
        String from = keys.get(3);
        String to = keys.get(4);
        WebElement handle = bar(from).findElement(By.cssSelector(".link-handle"));
        new Actions(browser).moveToElement(bar(from)).moveToElement(handle).clickAndHold().moveByOffset(20, 10)
                .moveToElement(bar(to)).release().perform();
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(String.valueOf(jira.issueFields(from).get("issuelinks"))).contains(to));
        waitUntil(d -> !browser.findElements(By.cssSelector("svg.g-links path.dep")).isEmpty());
        screenshot("gantt");
    }

    @Test
    @Order(8)
    void pressingRTwiceStartsAReSync() {
        long before = lastRunId();
        browser.findElement(By.cssSelector(".box-head h1")).click();
        new Actions(browser).sendKeys("r").pause(Duration.ofMillis(150)).sendKeys("r").perform();
        await().atMost(WAIT).untilAsserted(() -> assertThat(lastRunId()).isGreaterThan(before));
        waitUntil(d -> browser.findElement(By.id("status")).getText().startsWith("Re-sync"));
    }

    @Test
    @Order(7)
    void aChangeMadeInJiraAppearsWithoutReloading() {
        browser.get(base + "/#/boxes/" + boxId + "/gantt");
        waitUntil(d -> bars().size() == keys.size());
        browser.executeScript("window.__sameDocument = true;");
        jira.updateIssue("alice-1", keys.get(0), Map.of("summary", "Payment form (renamed in Jira)"));
        waitUntil(d -> browser.findElement(By.id("gantt")).getText().contains("Payment form (renamed in Jira)"));
        assertThat(browser.executeScript("return window.__sameDocument === true;")).isEqualTo(true);
    }

    @Test
    @Order(10)
    void theIssueViewShowsWhichBoxesHoldTheIssueAndWhere() {
        browser.get(base + "/#/issues/" + connectionId + "/" + keys.get(0));
        WebElement panel = waitFor(By.id("wbs-panel"));
        waitUntil(d -> panel.getText().contains("Alpha program"));
        assertThat(panel.getText()).contains("Checkout revamp");
        screenshot("issue");
    }

    @Test
    @Order(11)
    void theResourcesAndHistoryModulesShowWorkPerAssigneeAndWhoChangedWhat() {
        browser.get(base + "/#/boxes/" + boxId + "/resources");
        WebElement table = waitFor(By.id("resources"));
        assertThat(table.getText()).contains("Alice Adams", "Bob Brown");
        screenshot("resources");
        browser.get(base + "/#/boxes/" + boxId + "/history");
        waitUntil(d -> browser.findElements(By.cssSelector("#history tbody tr")).size() > 3);
        assertThat(browser.findElement(By.id("history")).getText()).contains("Alice Adams", "PARTIAL_APP");
        screenshot("history");
    }

    @Test
    @Order(12)
    void anAdminSeesConnectionsWithHealthTheQueueAndUsers() {
        signOut();
        signIn("admin", ADMIN_PASSWORD);
        browser.get(base + "/#/admin/connections");
        assertThat(waitFor(By.id("connections")).getText()).contains("Jira Cloud", "JIRA_CLOUD");
        screenshot("admin-connections");
        browser.get(base + "/#/admin/queue");
        assertThat(waitFor(By.id("parked")).getText()).contains("Nothing is parked");
        screenshot("admin-queue");
        browser.get(base + "/#/admin/users");
        assertThat(waitFor(By.id("users")).getText()).contains("alice", "bob");
        browser.get(base + "/#/boxes/" + boxId + "/edit");
        waitFor(By.id("box-name"));
        screenshot("box-form");

        browser.get(base + "/#/boxes/new");
        waitUntil(d -> d.findElement(By.cssSelector("form h1")).getText().equals("New Box"));
        browser.findElement(By.id("box-name")).sendKeys("Beta project");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("box-kind"))).selectByValue("PROJECT");
        browser.findElement(By.id("part-value-1")).sendKeys("ALP");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("box-owner"))).selectByVisibleText("Alice Adams (alice)");
        browser.findElement(By.xpath("//button[text()='Create Box']")).click();
        waitUntil(d -> d.getCurrentUrl().matches(".*#/boxes/\\d+/gantt"));
        assertThat(admin.get("/api/boxes").body()).contains("Beta project");
    }

    @Test
    @Order(9)
    void aBarMovesWithTheKeyboardAndEnterSavesIt() {
        String key = keys.get(5);
        WebElement bar = bar(key);
        LocalDate start = LocalDate.parse(bar.getAttribute("data-start"));
        browser.executeScript("arguments[0].focus();", bar);
        new Actions(browser).sendKeys(Keys.ARROW_RIGHT).sendKeys(Keys.ARROW_RIGHT).perform();
        waitUntil(d -> bar(key).getAttribute("data-start").equals(start.plusDays(2).toString()));
        assertThat(String.valueOf(jira.issueFields(key).get("customfield_10015"))).isEqualTo(start.toString());
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        await().atMost(WAIT).untilAsserted(() -> assertThat(String.valueOf(jira.issueFields(key).get("customfield_10015")))
                .isEqualTo(start.plusDays(2).toString()));
    }

    @Test
    @Order(13)
    @SuppressWarnings("unchecked")
    void tenThousandRowsRenderOnlyWhatIsVisibleAndScrollQuickly() {
        Map<String, Object> result = (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/ui/js/gantt.js').then(({ Gantt }) => {
                  const host = document.createElement('div');
                  host.style.cssText = 'height: 700px; display: flex; flex-direction: column';
                  document.getElementById('view').replaceChildren(host);
                  const tasks = [], wbs = [];
                  for (let i = 0; i < 10000; i++) {
                    const day = new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString().slice(0, 10);
                    const end = new Date(Date.UTC(2026, 0, 5 + (i % 300))).toISOString().slice(0, 10);
                    tasks.push({ id: i + 1, connectionId: 1, key: 'BIG-' + (i + 1), summary: 'Task ' + (i + 1),
                      start: day, end, mode: 'AUTO_BASIC', statusCategory: 'TODO', iterations: [] });
                    const group = i - (i % 50);
                    wbs.push({ nodeId: 'n' + i, parentId: i === group ? null : 'n' + group, position: i, taskId: i + 1, label: 'Task' });
                  }
                  const ctx = { boxId: 0, box: { role: 'VIEWER' }, me: { admin: false }, announce() {}, showAlert() {}, hideAlert() {} };
                  const gantt = new Gantt(host, ctx);
                  let t0 = performance.now();
                  gantt.update({ tasks, wbs, dependencies: [], iterations: [] });
                  const first = performance.now() - t0;
                  const measure = (from, step, count) => {
                    const times = [];
                    for (let i = 1; i <= count; i++) {
                      gantt.timeBody.scrollTop = from + i * step;
                      const t = performance.now();
                      gantt.render();
                      times.push(performance.now() - t);
                    }
                    return times.sort((a, b) => a - b);
                  };
                  const wheel = measure(100000, 300, 60);
                  const jumps = measure(0, 7000, 40);
                  const median = wheel[wheel.length >> 1];
                  const worst = wheel[wheel.length - 1];
                  const jumpMedian = jumps[jumps.length >> 1];
                  gantt.timeBody.scrollTop = 4999 * 30;
                  gantt.render();
                  done({ first, median, worst, jumpMedian, rows: host.querySelectorAll('.g-row').length,
                    middle: !!host.querySelector('.bar[data-key="BIG-5000"]') });
                }).catch(e => done({ error: String(e) }));
                """);
        assertThat(result).doesNotContainKey("error");
        assertThat(((Number) result.get("rows")).intValue()).as("rows in the DOM").isLessThan(200);
        assertThat(result.get("middle")).isEqualTo(true);
        System.out.println("10,000-row Gantt timings (ms): " + result);
        assertThat(((Number) result.get("median")).doubleValue()).as("median render per 300 px of scrolling, ms").isLessThan(16);
        assertThat(((Number) result.get("jumpMedian")).doubleValue()).as("median render after a 7,000 px jump, ms").isLessThan(150);
        assertThat(((Number) result.get("first")).doubleValue()).as("first render of 10,000 rows, ms").isLessThan(3000);
    }

    @Test
    @Order(14)
    void aRunHeldByTheBlastRadiusGuardIsShownAndCanBeDiscarded() {
        var detail = admin.get("/api/boxes/" + boxId).json();
        var narrowed = admin.put("/api/boxes/" + boxId, Map.of("name", detail.get("name").asText(), "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connectionId,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "ALP")), "narrowing", "issuetype = Epic"))),
                "scopeOwnerId", detail.get("scopeOwnerId").asLong(),
                "builders", List.of(Map.of("kind", "EPIC"), Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC", "members", detail.get("members")));
        assertThat(narrowed.status()).as(narrowed.body()).isEqualTo(200);
        signOut();
        signIn("alice", "alice-password-1");
        jira.faults().latency(Duration.ofMillis(2500)); // slow enough that the running sync is seen on a fast machine too
        try {
            browser.get(base + "/#/boxes/" + boxId + "/gantt");
            WebElement progress = waitFor(By.id("sync-progress"));
            assertThat(progress.getAttribute("aria-label")).isEqualTo("Full sync progress");
            screenshot("sync-progress");
        } finally {
            jira.faults().clear();
        }
        WebElement held = waitFor(By.id("sync-held"));
        assertThat(held.getText()).contains("blast-radius", "remove 6");
        screenshot("sync-held");
        held.findElement(By.xpath(".//button[text()='Discard']")).click();
        waitUntil(d -> browser.findElements(By.id("sync-held")).isEmpty());
        assertThat(bars()).hasSize(keys.size());
    }

    // ---- helpers ----

    private void signIn(String login, String password) {
        browser.get(base + "/#/login");
        waitFor(By.id("login")).sendKeys(login);
        browser.findElement(By.id("password")).sendKeys(password, Keys.ENTER);
        waitUntil(d -> browser.findElement(By.id("signout")).isDisplayed());
    }

    private void signOut() {
        WebElement button = browser.findElement(By.id("signout"));
        if (button.isDisplayed()) {
            button.click();
            waitFor(By.id("login"));
        }
    }

    private long lastRunId() {
        JsonNode sync = admin.get("/api/boxes/" + boxId + "/sync").json();
        JsonNode run = sync.get("running").isNull() ? sync.get("lastRun") : sync.get("running");
        return run == null || run.isNull() ? 0 : run.get("id").asLong();
    }

    private List<WebElement> bars() {
        return browser.findElements(By.cssSelector("#gantt .bar"));
    }

    private WebElement bar(String key) {
        return waitFor(By.cssSelector("#gantt .bar[data-key='" + key + "']"));
    }

    private void drag(WebElement bar, int dx) {
        new Actions(browser).moveToElement(bar, -bar.getSize().getWidth() / 2 + 6, 0).clickAndHold()
                .moveByOffset(dx / 2, 0).moveByOffset(dx - dx / 2, 0).release().perform();
    }

    private WebElement waitFor(By by) {
        try {
            return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + by + "; browser log: " + browserLog() + "; page text: "
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    private void waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out; browser log: " + browserLog() + "; page text: "
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    private String browserLog() {
        StringBuilder log = new StringBuilder();
        for (var entry : browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
            log.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
        }
        return log.toString();
    }

    private void screenshot(String module) {
        Path dir = screenshotDir();
        try {
            Files.createDirectories(dir);
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(module + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where screenshots go: the module's build directory, or the README's {@code docs/screenshots/} when the run is
     * asked to refresh them ({@code -Dboxsync.screenshots=docs}), so an ordinary test run leaves the tree clean.
     */
    private static Path screenshotDir() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (!"docs".equals(System.getProperty("boxsync.screenshots"))) {
            return here.resolve("target").resolve("screenshots");
        }
        Path root = Files.isDirectory(here.resolve("server")) ? here : here.getParent();
        return root.resolve("docs").resolve("screenshots");
    }

    @SuppressWarnings("unused")
    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }
}
