package io.boxsync.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.server.BoxsyncServer;
import io.boxsync.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sign-in, sessions with CSRF, API tokens and the admin role against the real server and PostgreSQL. */
class AuthIT {

    private static final String ADMIN_PASSWORD = "first-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static Path dataDir;
    private static BoxsyncServer server;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("boxsync-auth-it");
        server = BoxsyncServer.start(ServerConfig.embeddedOnFreePort(dataDir).withInitialAdminPassword(ADMIN_PASSWORD),
                new PrintStream(CONSOLE, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher json(Map<String, ?> body) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    private record Session(String cookie, String csrf) {
    }

    private static Session login(String login, String password) throws Exception {
        HttpResponse<String> response = send(at("/api/session")
                .POST(json(Map.of("login", login, "password", password))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return new Session(setCookie.substring(0, setCookie.indexOf(';')),
                JSON.readTree(response.body()).get("csrfToken").asText());
    }

    @Test
    void theFirstAdminGetsTheConfiguredPasswordAndNothingIsPrinted() throws Exception {
        Session admin = login("admin", ADMIN_PASSWORD);

        JsonNode me = JSON.readTree(send(at("/api/users/me").header("Cookie", admin.cookie()).GET()).body());
        assertThat(me.get("login").asText()).isEqualTo("admin");
        assertThat(me.get("admin").asBoolean()).isTrue();
        assertThat(CONSOLE.toString(StandardCharsets.UTF_8)).doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        HttpResponse<String> response = send(at("/api/session")
                .POST(json(Map.of("login", "admin", "password", ADMIN_PASSWORD))));

        assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith("boxsync_session=").contains("HttpOnly").contains("SameSite=Strict")
                .doesNotContain("Secure"));
        HttpResponse<String> behindHttps = send(at("/api/session").header("X-Forwarded-Proto", "https")
                .POST(json(Map.of("login", "admin", "password", ADMIN_PASSWORD))));
        assertThat(behindHttps.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                cookie -> assertThat(cookie).contains("; Secure"));
    }

    @Test
    void aWrongPasswordAndAnUnknownLoginGetTheSame401() throws Exception {
        HttpResponse<String> wrong = send(at("/api/session").POST(json(Map.of("login", "admin", "password", "nope"))));
        HttpResponse<String> unknown = send(at("/api/session").POST(json(Map.of("login", "ghost", "password", "nope"))));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("detail")).isEqualTo(JSON.readTree(unknown.body()).get("detail"));
        assertThat(wrong.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void theApiRefusesAnonymousCallers() throws Exception {
        assertThat(send(at("/api/users/me").GET()).statusCode()).isEqualTo(401);
        assertThat(send(at("/api/users/me").header("Authorization", "Bearer bxs_forged").GET()).statusCode())
                .isEqualTo(401);
        assertThat(send(at("/api/users/me").header("Cookie", "boxsync_session=forged").GET()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void anUnsafeRequestWithTheSessionCookieNeedsTheCsrfToken() throws Exception {
        Session admin = login("admin", ADMIN_PASSWORD);

        HttpResponse<String> withoutToken = send(at("/api/tokens").header("Cookie", admin.cookie())
                .POST(json(Map.of("name", "ci"))));
        HttpResponse<String> wrongToken = send(at("/api/tokens").header("Cookie", admin.cookie())
                .header("X-CSRF-Token", "guess").POST(json(Map.of("name", "ci"))));
        HttpResponse<String> withToken = send(at("/api/tokens").header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf()).POST(json(Map.of("name", "ci"))));

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).isEqualTo(201);
    }

    @Test
    void anApiTokenWorksAsBearerWithoutCsrfUntilItIsRevoked() throws Exception {
        Session admin = login("admin", ADMIN_PASSWORD);
        JsonNode created = JSON.readTree(send(at("/api/tokens").header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf()).POST(json(Map.of("name", "script")))).body());
        String bearer = "Bearer " + created.get("token").asText();
        assertThat(created.get("token").asText()).startsWith("bxs_");

        assertThat(send(at("/api/users/me").header("Authorization", bearer).GET()).statusCode()).isEqualTo(200);
        HttpResponse<String> listed = send(at("/api/tokens").header("Authorization", bearer).GET());
        assertThat(listed.body()).contains("script").doesNotContain(created.get("token").asText());

        HttpResponse<String> revoked = send(at("/api/tokens/" + created.get("id").asLong())
                .header("Authorization", bearer).DELETE());
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(send(at("/api/users/me").header("Authorization", bearer).GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void onlyAnAdminMayListAndCreateUsers() throws Exception {
        Session admin = login("admin", ADMIN_PASSWORD);
        HttpResponse<String> created = send(at("/api/users").header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf())
                .POST(json(Map.of("login", "editor.eve", "displayName", "Eve", "password", "eve-password-123"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Session eve = login("editor.eve", "eve-password-123");
        assertThat(send(at("/api/users").header("Cookie", eve.cookie()).GET()).statusCode()).isEqualTo(403);
        assertThat(send(at("/api/users").header("Cookie", eve.cookie()).header("X-CSRF-Token", eve.csrf())
                .POST(json(Map.of("login", "mallory", "password", "mallory-password")))).statusCode()).isEqualTo(403);
        assertThat(send(at("/api/users").header("Cookie", admin.cookie()).GET()).body())
                .contains("editor.eve").doesNotContain("password");

        HttpResponse<String> again = send(at("/api/users").header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf())
                .POST(json(Map.of("login", "editor.eve", "password", "another-password-1"))));
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void invalidUserFieldsAreNamed() throws Exception {
        Session admin = login("admin", ADMIN_PASSWORD);
        HttpResponse<String> response = send(at("/api/users").header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf()).POST(json(Map.of("login", "Bad Login", "password", "short"))));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"login\"").contains("\"field\":\"password\"");
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        Session admin = login("admin", ADMIN_PASSWORD);

        HttpResponse<String> out = send(at("/api/session").header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf()).DELETE());

        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(send(at("/api/session").header("Cookie", admin.cookie()).GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void malformedJsonOnSignInIsAProblemNotAnError() throws Exception {
        HttpResponse<String> response = send(at("/api/session").POST(HttpRequest.BodyPublishers.ofString("{login")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Malformed JSON");
    }
}
