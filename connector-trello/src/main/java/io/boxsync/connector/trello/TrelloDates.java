package io.boxsync.connector.trello;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Trello stores {@code start} and {@code due} as instants; Boxsync plans in days. A day is written as 12:00 UTC of
 * that day (so it shows on the same calendar day for people from UTC-11 to UTC+11) and read as the UTC day.
 */
final class TrelloDates {
    private static final LocalTime WRITTEN_AT = LocalTime.NOON;

    private TrelloDates() {
    }

    static String toTrello(LocalDate day) {
        return day == null ? null : day.atTime(WRITTEN_AT).toInstant(ZoneOffset.UTC).toString();
    }

    static LocalDate toDay(String trelloDate) {
        Instant at = toInstant(trelloDate);
        return at == null ? null : LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    static Instant toInstant(String trelloDate) {
        if (trelloDate == null || trelloDate.isBlank() || trelloDate.equals("null")) {
            return null;
        }
        try {
            return Instant.parse(trelloDate);
        } catch (DateTimeParseException e) {
            return java.time.OffsetDateTime.parse(trelloDate).toInstant();
        }
    }
}
