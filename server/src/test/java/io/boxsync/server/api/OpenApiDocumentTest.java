package io.boxsync.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the OpenAPI document true: every route the server registers under the API's prefixes is documented, and
 * every documented operation is registered. Routes are read from the route modules' sources, the way a reviewer
 * would read them.
 */
class OpenApiDocumentTest {
    private static final Pattern ROUTE = Pattern.compile("routes\\.(get|post|put|patch|delete|head)\\(\\s*\"([^\"]+)\"");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head");

    @Test
    void everyRegisteredApiRouteIsDocumentedAndEveryDocumentedOperationIsRegistered() throws IOException {
        Set<String> registered = registeredRoutes(Path.of("src/main/java"));
        Set<String> documented = documentedOperations();

        assertThat(registered).as("routes the server registers").isNotEmpty();
        assertThat(documented).as("operations missing from openapi.json").containsAll(registered);
        assertThat(registered).as("documented operations no route serves").containsAll(documented);
    }

    @Test
    void theDocumentIsOpenApi3WithAProblemResponseForErrors() throws IOException {
        JsonNode doc = document();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/components/responses/Problem/content").has("application/problem+json")).isTrue();
    }

    @Test
    void theContentsOfABoxDocumentTheirETagAndTheNotModifiedAnswer() throws IOException {
        JsonNode contents = document().at("/paths/~1api~1boxes~1{boxId}~1contents/get");
        assertThat(contents.at("/responses/200/headers").has("ETag")).isTrue();
        assertThat(contents.at("/responses").has("304")).isTrue();
        assertThat(contents.get("parameters").findValuesAsText("name")).contains("If-None-Match");
    }

    private static Set<String> registeredRoutes(Path sources) throws IOException {
        Set<String> routes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = ROUTE.matcher(Files.readString(file));
                while (m.find()) {
                    String path = m.group(2);
                    if (isApi(path)) {
                        routes.add(m.group(1).toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }
        }
        return routes;
    }

    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("/webhooks/") || path.equals("/health")
                || path.equals("/metrics") || path.equals("/openapi.json") || path.equals("/api-docs");
    }

    private static Set<String> documentedOperations() throws IOException {
        Set<String> operations = new TreeSet<>();
        JsonNode paths = document().get("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            for (Iterator<String> ops = paths.get(path).fieldNames(); ops.hasNext(); ) {
                String method = ops.next();
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return operations;
    }

    private static JsonNode document() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/api/openapi.json")) {
            assertThat(in).as("openapi.json on the class path").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}
