package io.boxsync.connector.redmine;

import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.PageToken;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a paged read stands, carried in a {@link PageToken}.
 *
 * @param source   index of the scope source being read
 * @param afterId  keyset reads: the greatest issue id returned so far in this source (snapshot)
 * @param offset   offset reads: the offset of the next page (saved queries, crowded update seconds)
 * @param seen     issues returned so far, to report a total across keyset pages
 * @param second   incremental reads: the update second (epoch seconds) the next page starts at
 * @param idsAtSecond incremental reads: issues already returned with that update second
 */
record RedminePosition(int source, long afterId, long offset, long seen, long second, List<Long> idsAtSecond) {

    RedminePosition {
        idsAtSecond = List.copyOf(idsAtSecond);
    }

    static RedminePosition start(int source, long second) {
        return new RedminePosition(source, 0, 0, 0, second, List.of());
    }

    PageToken toToken() {
        String ids = idsAtSecond.stream().map(String::valueOf).collect(Collectors.joining(","));
        return new PageToken("rm1;s=" + source + ";a=" + afterId + ";o=" + offset + ";n=" + seen + ";t=" + second
                + ";i=" + ids);
    }

    static RedminePosition fromToken(PageToken token) {
        String value = token.value();
        if (!value.startsWith("rm1;")) {
            throw foreign(value);
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : value.substring(4).split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            String ids = parts.getOrDefault("i", "");
            return new RedminePosition(
                    Integer.parseInt(parts.get("s")),
                    Long.parseLong(parts.get("a")),
                    Long.parseLong(parts.get("o")),
                    Long.parseLong(parts.get("n")),
                    Long.parseLong(parts.get("t")),
                    ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(Long::valueOf).toList());
        } catch (RuntimeException broken) {
            throw foreign(value);
        }
    }

    private static ConnectorException foreign(String value) {
        return new ConnectorException(ConnectorException.Kind.CONFIGURATION,
                "not a page token of the Redmine connector: " + (value.length() > 40 ? value.substring(0, 40) : value));
    }
}
