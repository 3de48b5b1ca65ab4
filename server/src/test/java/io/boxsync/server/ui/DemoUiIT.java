package io.boxsync.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.boxsync.server.demo.DemoWorld;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A newcomer's first minutes with {@code boxsync demo}, in real headless Chromium: the demo as the README starts it
 * (seeded Jira simulator, connection, people, Box tree), signing in as a demo person with the printed password,
 * finding the Box tree, and opening the program Box, whose full sync fills the Gantt.
 */
class DemoUiIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    @Test
    void aNewcomerSignsInToTheDemoAndOpensTheProgramBoxInTheGantt() throws Exception {
        assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "Debian's chromium and chromium-driver are not installed");
        DemoWorld.Person alice = DemoWorld.PEOPLE.stream().filter(p -> p.login().equals("alice")).findFirst()
                .orElseThrow();
        try (DemoWorld demo = DemoWorld.start(dataDir, 0, Duration.ZERO, System.out)) {
            ChromeDriver browser = startBrowser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                browser.get(demo.url().resolve("/#/login").toString());
                wait.until(d -> d.findElement(By.id("login"))).sendKeys(alice.login());
                browser.findElement(By.id("password")).sendKeys(alice.password(), Keys.ENTER);
                wait.until(d -> d.findElement(By.linkText(DemoWorld.PROGRAM)).isDisplayed());
                assertThat(browser.findElement(By.cssSelector("ul[role=tree]")).getText())
                        .contains(DemoWorld.PROGRAM, DemoWorld.PROJECT);

                browser.findElement(By.linkText(DemoWorld.PROGRAM)).click();
                wait.until(d -> d.findElements(By.cssSelector("#gantt .bar")).size() > 10);
                assertThat(browser.findElement(By.id("sync-meta")).getText()).contains("Last full sync");
                Path shots = Path.of("target", "screenshots");
                Files.createDirectories(shots);
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shots.resolve("demo-gantt.png"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
            }
        }
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
}
