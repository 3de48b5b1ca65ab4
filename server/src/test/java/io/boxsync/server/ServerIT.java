package io.boxsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void healthReportsUpWithTheEmbeddedPostgresqlVersion() throws Exception {
        try (BoxsyncServer server = BoxsyncServer.start(ServerConfig.embeddedOnFreePort(dataDir), System.out)) {
            HttpResponse<String> response = CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode health = new ObjectMapper().readTree(response.body());
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.get("version").asText()).isEqualTo(BoxsyncVersion.current());
            assertThat(health.get("database").get("reachable").asBoolean()).isTrue();
            assertThat(health.get("database").get("version").asText()).startsWith("PostgreSQL 17.");
        }
    }
}
