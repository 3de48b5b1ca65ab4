package io.boxsync.simulator.jira;

import java.util.List;
import java.util.Map;

/** Atlassian Document Format: v3 sends rich text as a {@code doc} tree; the simulator keeps plain text. */
final class Adf {
    private Adf() {
    }

    /** The text nodes of an ADF tree, paragraphs separated by newlines. */
    static String plainText(Object node) {
        StringBuilder out = new StringBuilder();
        collect(node, out);
        return out.toString().strip();
    }

    private static void collect(Object node, StringBuilder out) {
        if (node instanceof Map<?, ?> map) {
            Object text = map.get("text");
            if (text instanceof String s) {
                out.append(s);
            }
            Object content = map.get("content");
            if (content instanceof List<?> children) {
                for (Object child : children) {
                    collect(child, out);
                }
            }
            if ("paragraph".equals(map.get("type"))) {
                out.append('\n');
            }
        }
    }
}
