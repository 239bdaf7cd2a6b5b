package dev.residual.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/** Event times: reading them from a record, and choosing a timestamp a broker will accept. */
final class Timestamps {
    /** 2^63 as a double: whole doubles below it convert to long exactly. */
    private static final double LONG_LIMIT = 0x1p63;

    private Timestamps() {}

    /**
     * Epoch millis from a number (a whole one; 1.7327E12 is accepted because some producers write
     * every number as a double) or from an ISO-8601 instant with zone offset.
     */
    static long read(JsonParser p, JsonToken token, String field) throws IOException, Rejection {
        if (token == JsonToken.VALUE_NUMBER_INT
                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (d == Math.rint(d) && Math.abs(d) < LONG_LIMIT) {
                return (long) d;
            }
            throw bad(field, "is " + p.getText() + ", not a whole number of epoch millis");
        }
        if (token == JsonToken.VALUE_STRING) {
            return parseIso(p.getText(), field);
        }
        throw bad(
                field,
                "is " + JsonText.describe(token) + ", expected epoch millis or an ISO-8601 string");
    }

    private static long parseIso(String text, String field) throws Rejection {
        try {
            // Instant.parse takes Z and offsets such as +02:00 (JDK 12+), and rejects local times.
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw bad(
                    field,
                    JsonText.quote(text)
                            + " is neither epoch millis nor an ISO-8601 instant with offset"
                            + " (e.g. 2026-11-27T10:00:00Z)");
        }
    }

    private static Rejection bad(String field, String what) {
        return new Rejection(DeadLetterReason.BAD_TIMESTAMP, "field \"" + field + "\" " + what);
    }

    /**
     * True when a broker will take {@code ts} as a record timestamp. Brokers reject timestamps
     * further ahead than {@code message.timestamp.after.max.ms} (one hour by default since Kafka
     * 4.0), and a rejected record fails the sink and with it the job.
     */
    static boolean acceptable(long ts, long now, long maxFutureMs) {
        return ts >= 0 && ts - now <= maxFutureMs;
    }
}
