package io.boxsync.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import java.util.List;
import java.util.Map;

/** Request bodies and set-up steps shared by the security and bad-input tests. */
public final class SecurityFixtures {
    private SecurityFixtures() {
    }

    /** Creates a non-admin user with password {@code <login>-password-1}; returns its id. */
    public static long createUser(TestWorld world, String login) {
        return expect(world.admin.post("/api/users", Map.of("login", login, "displayName", login,
                "password", login + "-password-1", "admin", false)), 201).get("id").asLong();
    }

    public static Map<String, Object> connectionBody(TestWorld world, String name) {
        return Map.of("name", name, "kind", "JIRA_CLOUD", "baseUrl", world.jira.baseUrl().toString(),
                "technicalUser", Map.of("accountId", "tech-1", "login", "tech@example.com", "token", "tech-token"),
                "webhookSecret", TestWorld.SECRET, "fieldMapping", fieldMapping());
    }

    public static Map<String, Object> fieldMapping() {
        return Map.of("startField", "customfield_10015", "endField", "duedate", "iterationKind", "SPRINT",
                "dependencyTypes", Map.of("Blocks", "FS"));
    }

    /** A program Box over the sources (kind, value) with alice as Scope Owner and editor, bob as editor. */
    public static Map<String, Object> boxBody(TestWorld world, String name, Map<?, ?>... sources) {
        List<Map<?, ?>> list = sources.length == 0 ? List.of(Map.of("kind", "PROJECT", "value", "ALP")) : List.of(sources);
        return Map.of("name", name, "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", world.connectionId,
                        "sources", list))),
                "scopeOwnerId", world.aliceId,
                "builders", List.of(Map.of("kind", "EPIC"), Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", world.aliceId, "role", "EDITOR"),
                        Map.of("userId", world.bobId, "role", "EDITOR")));
    }

    public static JsonNode expect(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response);
        }
        return response.body().isBlank() ? null : response.json();
    }
}
