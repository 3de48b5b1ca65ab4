package io.boxsync.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Turns an error body into one short line for an exception message. */
final class ErrorBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX = 300;

    private ErrorBodies() {
    }

    /**
     * The messages of Jira's {@code {"errorMessages":[...],"errors":{...}}} or Redmine's {@code {"errors":[...]}},
     * else the start of the body with whitespace collapsed.
     */
    static String summary(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                List<String> parts = new ArrayList<>();
                node.path("errorMessages").forEach(m -> parts.add(m.asText()));
                JsonNode errors = node.path("errors");
                if (errors.isArray()) {
                    errors.forEach(m -> parts.add(m.asText()));
                } else if (errors.isObject()) {
                    errors.fields().forEachRemaining(e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
                }
                node.path("message").asText("").lines().findFirst().ifPresent(parts::add);
                if (!parts.isEmpty()) {
                    return snippet(String.join("; ", parts));
                }
            }
        } catch (Exception notJson) {
            // fall through to the raw snippet
        }
        return snippet(body);
    }

    static String snippet(String text) {
        String collapsed = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return collapsed.length() <= MAX ? collapsed : collapsed.substring(0, MAX) + "...";
    }
}
