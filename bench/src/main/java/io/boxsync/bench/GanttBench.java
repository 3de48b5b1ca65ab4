package io.boxsync.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opening a Box's Gantt in headless Chromium (Debian's {@code chromium} and {@code chromedriver}): a fully synced Box
 * of N tasks, opened M times by a full page load of {@code /#/boxes/{id}/gantt} signed in as alice; per open, the time
 * from navigation start to the contents being received ({@code boxsync:contents-received}) and to the Gantt's first
 * rows being painted ({@code boxsync:gantt-drawn}, set by the UI at the frame after its first render), both from the
 * page's own performance timeline; p50/p90. A screenshot of the last open goes to {@code -Dscreenshot=PATH}
 * (default {@code target/gantt-N.png}).
 *
 * <p>Arguments: {@code N M}, e.g. {@code 10000 7}.
 */
public final class GanttBench {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    /**
     * The marks once the Gantt shows rows, else null. A UI without the marks (before they existed) is timed by
     * {@code performance.now()} when its first timeline row is seen, to the polling interval.
     */
    private static final String DRAWN = "const gantt = document.querySelector('#gantt');"
            + " if (!gantt || !gantt.querySelector('.g-row.time')) return null;"
            + " const m = n => performance.getEntriesByName(n)[0]?.startTime ?? -1;"
            + " const drawn = m('boxsync:gantt-drawn');"
            + " if (drawn < 0 && m('boxsync:contents-received') >= 0) return null;"
            + " return {received: m('boxsync:contents-received'), drawn: drawn >= 0 ? drawn : performance.now(),"
            + " rows: gantt.querySelectorAll('.g-row.time').length,"
            + " open: performance.getEntriesByType('resource').filter(e => /\\/open$|\\/contents$/.test(e.name))"
            + "   .map(e => `${e.name.replace(/.*\\//, '')} start ${Math.round(e.startTime)} first byte"
            + " ${Math.round(e.responseStart)} end ${Math.round(e.responseEnd)} ${e.encodedBodySize}B`).join('; ')};";

    private GanttBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int opens = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        System.out.printf("maxHeap=%d MB, cores=%d, load=%.2f%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (BenchWorld world = BenchWorld.start(n, Duration.ofSeconds(1), false)) {
            world.fullSync(false);
            ChromeDriver browser = startBrowser();
            try {
                signIn(browser, world.base + "#/login");
                List<Long> received = new ArrayList<>();
                List<Long> drawn = new ArrayList<>();
                List<Long> rows = new ArrayList<>();
                for (int i = 0; i < opens + 1; i++) {
                    browser.get("about:blank");
                    browser.get(world.base + "#/boxes/" + world.boxId + "/gantt");
                    Map<?, ?> marks = new WebDriverWait(browser, Duration.ofSeconds(120))
                            .pollingEvery(Duration.ofMillis(20)).until(d -> (Map<?, ?>) browser.executeScript(DRAWN));
                    if (i == 0) {
                        continue; // the first open warms the browser's and the server's caches
                    }
                    received.add(Math.round(((Number) marks.get("received")).doubleValue()));
                    drawn.add(Math.round(((Number) marks.get("drawn")).doubleValue()));
                    rows.add(((Number) marks.get("rows")).longValue());
                    System.out.println("   open " + i + ": " + marks.get("open") + "; contents received "
                            + Math.round(((Number) marks.get("received")).doubleValue()) + ", drawn "
                            + Math.round(((Number) marks.get("drawn")).doubleValue()));
                }
                int bars = browser.findElements(By.cssSelector("#gantt .bar")).size();
                Path shot = Path.of(System.getProperty("screenshot", "target/gantt-" + n + ".png"));
                Files.createDirectories(shot.toAbsolutePath().getParent());
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
                System.out.println("tasks | opens | contents received p50 / p90 ms | gantt drawn p50 / p90 ms"
                        + " | rows in DOM | bars in DOM | screenshot");
                System.out.printf("%d | %d | %d / %d | %d / %d | %d | %d | %s%n", n, opens, p(received, 50),
                        p(received, 90), p(drawn, 50), p(drawn, 90), rows.get(rows.size() - 1), bars, shot);
                System.out.println("   (drawn ms per open: " + drawn + ")");
            } finally {
                browser.quit();
            }
        }
        System.exit(0);
    }

    private static void signIn(ChromeDriver browser, String url) {
        browser.get(url);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> !d.findElements(By.id("login")).isEmpty());
        browser.findElement(By.id("login")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice-bench-1", Keys.ENTER);
        wait.until(d -> d.findElement(By.id("signout")).isDisplayed());
    }

    private static ChromeDriver startBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory("chrome-profile-"), "--window-size=1440,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static long p(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    }
}
