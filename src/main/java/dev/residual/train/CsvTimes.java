package dev.residual.train;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The time column of a CSV history, read leniently: epoch millis, an ISO-8601 instant, or a local
 * date-time such as SKAB's {@code 2020-02-08 13:30:47} taken as UTC. Anything else is {@link
 * HistorySource#UNKNOWN_TIME}: only windowed kinds use times, and they then keep file order.
 */
final class CsvTimes {
    private CsvTimes() {}

    static long parse(String cell) {
        String t = cell.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        if (t.isEmpty()) {
            return HistorySource.UNKNOWN_TIME;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException notMillis) {
            // not epoch millis: try the date-time forms
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeException notInstant) {
            // not an instant with an offset: try a local date-time
        }
        try {
            return LocalDateTime.parse(t.replace(' ', 'T'))
                    .toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
        } catch (DateTimeException notLocal) {
            return HistorySource.UNKNOWN_TIME;
        }
    }
}
