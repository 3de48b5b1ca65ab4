package io.boxsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built executable jar as a separate process, as an operator would. */
class BoxsyncJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    // a few seconds on an idle machine; generous because CI machines may be shared and busy
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    private static Path jar() {
        Path jar = Path.of(System.getProperty("boxsync.jar", "target/boxsync.jar"));
        assertThat(jar).as("the executable jar is built by 'mvn package'").exists();
        return jar;
    }

    private static Process boxsync(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("BOXSYNC_"));
        builder.environment().put("BOXSYNC_ADMIN_PASSWORD", "jar-test-admin-password");
        return builder.start();
    }

    private static BlockingQueue<String> linesOf(Process process, List<String> all) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Test
    void serveStartsQuicklyAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
        Process server = boxsync("serve", "--port", "0", "--data-dir", dataDir.toString());
        List<String> output = new CopyOnWriteArrayList<>();
        try {
            BlockingQueue<String> lines = linesOf(server, output);
            long started = System.nanoTime();
            int port = -1;
            while (port < 0) {
                String line = nextLine(server, lines, started, output);
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    port = Integer.parseInt(matcher.group(1));
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(START_LIMIT);

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");

            Process second = boxsync("serve", "--port", "0", "--data-dir", dataDir.toString());
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("a second server on the same data directory gives up").isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            String secondErrors = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(secondErrors.lines().toList()).singleElement().asString().startsWith("boxsync: ");

            // ProcessHandle.destroy sends SIGTERM without closing our end of the pipes, unlike Process.destroy
            assertThat(server.toHandle().destroy()).isTrue();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stops after SIGTERM").isTrue();
            String serverErrors = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(server.exitValue()).as("exit code; stderr: %s", serverErrors).isIn(0, 143);
            awaitOutputLine(output, "Boxsync stopped", serverErrors);
            assertThat(Files.exists(dataDir.resolve("postmaster.pid")))
                    .as("the embedded PostgreSQL was stopped too").isFalse();
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void simulateJiraServesASeededSimulatorUntilSigterm() throws Exception {
        Process simulator = boxsync("simulate", "jira", "--port", "0", "--issues", "20", "--seed", "7");
        List<String> output = new CopyOnWriteArrayList<>();
        try {
            BlockingQueue<String> lines = linesOf(simulator, output);
            Pattern listening = Pattern.compile("listening on (http://\\S+)");
            String baseUrl = null;
            long started = System.nanoTime();
            while (baseUrl == null) {
                String line = nextLine(simulator, lines, started, output);
                Matcher matcher = listening.matcher(line);
                if (matcher.find()) {
                    baseUrl = matcher.group(1);
                }
            }
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("the simulator answers HTTP").isBetween(200, 499);

            assertThat(simulator.toHandle().destroy()).isTrue();
            assertThat(simulator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            simulator.destroyForcibly();
        }
    }

    @Test
    void theJarMergesTheConnectorServiceFilesAndNamesItsMainClass() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(jar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.boxsync.server.BoxsyncMain");
            java.util.zip.ZipEntry services = jar.getEntry("META-INF/services/io.boxsync.connector.ConnectorFactory");
            assertThat(services).as("ServiceLoader file of the connectors").isNotNull();
            String providers = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(providers).contains("io.boxsync.connector.jira.").contains("io.boxsync.connector.trello.")
                    .contains("io.boxsync.connector.redmine.");
        }
    }

    @Test
    void aBadFlagPrintsOneLineAndExitsWithTwo() throws Exception {
        Process process = boxsync("serve", "--port", "not-a-port");

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(errors.lines().toList()).singleElement().asString()
                .startsWith("boxsync: invalid port 'not-a-port'");
    }

    /** The next line of output, failing with the process's errors if it ends or takes too long to start. */
    private static String nextLine(Process process, BlockingQueue<String> lines, long startedNanos,
                                   List<String> output) throws Exception {
        while (true) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                return line;
            }
            if (!process.isAlive() && lines.isEmpty()) {
                String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new AssertionError("the process ended with exit code " + process.exitValue()
                        + " before it was ready; stdout: " + output + "; stderr: " + errors);
            }
            if (System.nanoTime() - startedNanos > START_LIMIT.toNanos()) {
                throw new AssertionError("not ready within " + START_LIMIT + "; stdout so far: " + output);
            }
        }
    }

    private static void awaitOutputLine(List<String> output, String text, String errors) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (output.stream().noneMatch(line -> line.contains(text)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(output).as("stdout, then stderr was: %s", errors).anyMatch(line -> line.contains(text));
    }
}
