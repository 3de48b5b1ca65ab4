package io.boxsync.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every operation the served OpenAPI document describes, so tests cover a new route without being edited. */
public record Routes(String method, String path, boolean hasBody) {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    /** The operations of {@code /api/openapi.json} on the class path, in document order. */
    public static List<Routes> all() {
        try (InputStream in = Routes.class.getResourceAsStream("/api/openapi.json")) {
            JsonNode doc = new ObjectMapper().readTree(in);
            List<Routes> routes = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (METHODS.contains(op.getKey())) {
                        routes.add(new Routes(op.getKey().toUpperCase(), path.getKey(), op.getValue().has("requestBody")));
                    }
                }
            }
            return routes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path with its {@code {parameters}} replaced by the values of the map (missing ones by {@code fallback}). */
    public String resolve(Map<String, String> values, String fallback) {
        String result = path;
        for (Map.Entry<String, String> v : values.entrySet()) {
            result = result.replace("{" + v.getKey() + "}", v.getValue());
        }
        return result.replaceAll("\\{[^}]+}", fallback);
    }

    public String id() {
        return method + " " + path;
    }

    @Override
    public String toString() {
        return id();
    }
}
