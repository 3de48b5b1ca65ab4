package io.boxsync.connector.jira;

import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import io.boxsync.connector.ScopeQuery;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds JQL from Boxsync's values safely: every value is quoted and escaped or validated, and raw JQL written by an
 * admin (a narrowing query, a QUERY source) must be one balanced, self-contained expression.
 */
final class Jql {
    private static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}");
    private static final Pattern ISSUE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]{0,17}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Jql() {
    }

    /** A JQL string literal: double-quoted, with backslash and quote escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static boolean isIssueKey(String value) {
        return value != null && ISSUE_KEY.matcher(value).matches();
    }

    static boolean isNumber(String value) {
        return value != null && NUMBER.matcher(value).matches();
    }

    /** {@code key in ("A-1", "A-2")}; the keys must be valid issue keys. */
    static String keyIn(Collection<String> keys) {
        List<String> quoted = new ArrayList<>();
        for (String key : keys) {
            if (!isIssueKey(key)) {
                throw new IllegalArgumentException("not a Jira issue key: " + key);
            }
            quoted.add(quote(key));
        }
        return "key in (" + String.join(", ", quoted) + ")";
    }

    /**
     * The scope as one parenthesised JQL expression: the sources OR-ed, the narrowing AND-ed.
     *
     * @param boardClause resolves a board id to a JQL clause selecting its issues ({@code filter = 10100})
     */
    static String scope(ScopeQuery scope, Function<String, String> boardClause) {
        List<String> sources = new ArrayList<>();
        for (ScopeQuery.Source source : scope.sources()) {
            sources.add(source(source, boardClause));
        }
        String union = sources.size() == 1 ? sources.get(0) : "(" + String.join(" OR ", sources) + ")";
        if (scope.narrowing().isEmpty()) {
            return union;
        }
        return union + " AND (" + checkedExpression(scope.narrowing(), "narrowing query") + ")";
    }

    private static String source(ScopeQuery.Source source, Function<String, String> boardClause) {
        String value = source.value().strip();
        switch (source.kind()) {
            case PROJECT:
                if (!PROJECT_KEY.matcher(value).matches()) {
                    throw configuration("not a Jira project key: " + value);
                }
                return "project = " + quote(value);
            case SAVED_FILTER:
                return "filter = " + (isNumber(value) ? value : quote(value));
            case BOARD:
                if (!isNumber(value)) {
                    throw configuration("a Jira board id is a number, got: " + value);
                }
                return boardClause.apply(value);
            case LABEL:
                return "labels = " + quote(value);
            case QUERY:
                return "(" + checkedExpression(value, "JQL source") + ")";
            default:
                throw configuration("Jira scopes have no " + source.kind() + " sources");
        }
    }

    /**
     * Checks that raw JQL is one self-contained expression: parentheses balanced outside string literals and no
     * ORDER BY, so it cannot escape the parentheses it is put in or reorder the connector's paging.
     */
    static String checkedExpression(String jql, String what) {
        int depth = 0;
        char quoteChar = 0;
        StringBuilder unquoted = new StringBuilder();
        for (int i = 0; i < jql.length(); i++) {
            char c = jql.charAt(i);
            if (quoteChar != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quoteChar) {
                    quoteChar = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quoteChar = c;
                unquoted.append(' ');
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                throw configuration("the " + what + " closes a parenthesis it did not open: " + jql);
            }
            unquoted.append(c);
        }
        if (quoteChar != 0 || depth != 0) {
            throw configuration("the " + what + " has an unclosed quote or parenthesis: " + jql);
        }
        if (Pattern.compile("\\border\\s+by\\b", Pattern.CASE_INSENSITIVE).matcher(unquoted).find()) {
            throw configuration("the " + what + " must not contain ORDER BY: " + jql);
        }
        if (jql.isBlank()) {
            throw configuration("the " + what + " is empty");
        }
        return jql.strip();
    }

    /** A JQL date-time literal in the zone the searching user's dates are read in, rounded down to the minute. */
    static String dateTime(Instant instant, ZoneId zone) {
        return quote(MINUTES.format(instant.atZone(zone).truncatedTo(ChronoUnit.MINUTES)));
    }

    private static ConnectorException configuration(String message) {
        return new ConnectorException(Kind.CONFIGURATION, message);
    }
}
