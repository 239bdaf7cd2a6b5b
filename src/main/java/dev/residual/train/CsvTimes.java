package dev.residual.train;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The time of a history row from its (unquoted) time column, in epoch millis, read leniently: a
 * number (epoch millis, or seconds below 10^11), an ISO-8601 instant or offset date-time, or a
 * local date-time with a space or a {@code T} (SKAB's {@code 2020-02-08 13:30:47}), taken as UTC.
 * Windows only need the order and the steps, so the zone does not matter. Anything else is {@link
 * HistorySource#UNKNOWN_TIME}: the row keeps its place in source order.
 */
final class CsvTimes {
    private static final DateTimeFormatter SPACED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]");

    private CsvTimes() {}

    static long parse(String text) {
        String t = text.trim();
        try {
            double number = Double.parseDouble(t);
            return (long) (Math.abs(number) < 1e11 ? number * 1000 : number);
        } catch (NumberFormatException e) {
            // not a number: a date-time
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            // not an instant
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // no offset
        }
        try {
            LocalDateTime local =
                    t.indexOf('T') > 0 ? LocalDateTime.parse(t) : LocalDateTime.parse(t, SPACED);
            return local.toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return HistorySource.UNKNOWN_TIME;
        }
    }
}
