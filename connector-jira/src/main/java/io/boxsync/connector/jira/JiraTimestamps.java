package io.boxsync.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/** Jira's date and time formats: {@code 2016-01-14T23:06:37.032+0000}, ISO offsets, epoch millis, {@code yyyy-MM-dd}. */
final class JiraTimestamps {
    private static final DateTimeFormatter JIRA = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private JiraTimestamps() {
    }

    /** An instant from a Jira timestamp string or epoch-millis number; empty when absent, unreadable or
     * outside the years 1 to 9999 (which no database column holds). */
    static Optional<Instant> instant(JsonNode node) {
        return parsed(node).filter(t -> !t.isBefore(EARLIEST) && !t.isAfter(LATEST));
    }

    private static Optional<Instant> parsed(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            return Optional.of(Instant.ofEpochMilli(node.asLong()));
        }
        String text = node.asText().strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, JIRA).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /** A date from {@code yyyy-MM-dd} or the date part of a date-time; empty when absent or unreadable. */
    static Optional<LocalDate> date(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || !node.isTextual()) {
            return Optional.empty();
        }
        String text = node.asText().strip();
        if (text.length() < 10) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.substring(0, 10)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
