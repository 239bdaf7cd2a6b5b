package dev.residual.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the bytes of an input record into a {@link FeatureRecord} in the model's feature order, or
 * into a {@link DeadLetter} that says what is wrong. It never throws on data: any value, including
 * null, empty, oversized or malformed, yields a {@link DecodeResult}.
 *
 * <p>The value is read with Jackson's streaming parser straight from the bytes: no String of the
 * value, no data binding. Decoding stops at the first problem, so a record with several problems
 * reports the first one met in document order. Top-level fields other than the three configured
 * ones are skipped. When a field (top-level or feature name) occurs twice, the last occurrence
 * wins. A {@code null} timestamp counts as absent; a blank entity counts as missing.
 *
 * <p>Serializable for Flink; the parser factory and the name index are rebuilt, not serialized.
 */
public final class RecordDecoder implements Serializable {
    /** How far an event time may lie after the record's Kafka timestamp. */
    public static final long MAX_AHEAD_MILLIS = 24L * 60 * 60 * 1000;

    /**
     * The longest entity id, in characters. The id is the anomaly event's key and stands in its
     * value several times (entity, episode id): an id taken from a huge key or field would make an
     * event the anomalies producer refuses, failing the job on data.
     */
    public static final int MAX_ENTITY_CHARS = 1024;

    private static final long serialVersionUID = 1L;

    private final List<String> featureNames;
    private final DecoderConfig config;
    private final transient FeatureReader features;
    private final transient JsonFactory json;

    /**
     * @param featureNames the model's features in its input order: non-empty, no duplicates
     * @param config field names and limits
     */
    public RecordDecoder(List<String> featureNames, DecoderConfig config) {
        if (featureNames == null || featureNames.isEmpty()) {
            throw new IllegalArgumentException("featureNames must name at least one feature");
        }
        Set<String> distinct = new HashSet<>(featureNames);
        if (distinct.size() != featureNames.size() || distinct.contains(null)) {
            throw new IllegalArgumentException(
                    "featureNames must be distinct and non-null, got " + featureNames);
        }
        this.featureNames = List.copyOf(featureNames);
        this.config = Objects.requireNonNull(config, "config");
        this.features = new FeatureReader(this.featureNames, config.ignoreUnknownFeatures());
        // NaN and Infinity must parse so that they become NOT_FINITE, not NOT_JSON. Turning
        // digits into numbers was the largest cost of decoding: the fast parser halves it.
        this.json =
                JsonFactory.builder()
                        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                        .build();
    }

    /** Rebuilds the transient parts after Java deserialization, as Flink does for functions. */
    private Object readResolve() {
        return new RecordDecoder(featureNames, config);
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public DecoderConfig config() {
        return config;
    }

    /** Decodes one record; never throws on the record's content. */
    public DecodeResult decode(RawRecord raw) {
        RawRecord r = raw != null ? raw : new RawRecord();
        try {
            return DecodeResult.valid(parse(r));
        } catch (Rejection e) {
            return DecodeResult.invalid(r, e.reason, e.detail);
        } catch (JsonProcessingException e) {
            long at = e.getLocation() != null ? e.getLocation().getByteOffset() : -1;
            String where = at >= 0 ? " at byte " + at : "";
            return DecodeResult.invalid(
                    r,
                    DeadLetterReason.NOT_JSON,
                    "not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            return DecodeResult.invalid(r, DeadLetterReason.NOT_JSON, "cannot decode: " + e);
        }
    }

    private FeatureRecord parse(RawRecord raw) throws IOException, Rejection {
        checkSize(raw.value);
        String entity = null;
        long ts = raw.timestamp;
        boolean hasTs = false;
        float[] values = null;
        try (JsonParser p = json.createParser(raw.value)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new Rejection(
                        DeadLetterReason.NOT_JSON,
                        "value is " + JsonText.describe(first) + ", expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if (name.equals(config.entityField())) {
                    entity = readEntity(p, token);
                } else if (name.equals(config.timestampField())) {
                    hasTs = token != JsonToken.VALUE_NULL;
                    ts = hasTs ? Timestamps.read(p, token, name) : raw.timestamp;
                } else if (name.equals(config.featuresField())) {
                    values = readFeatures(p, token);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new Rejection(
                        DeadLetterReason.NOT_JSON,
                        "trailing content after the JSON object at byte "
                                + p.currentTokenLocation().getByteOffset());
            }
        }
        return complete(raw, entity, hasTs, ts, values);
    }

    private void checkSize(byte[] value) throws Rejection {
        if (value == null || value.length == 0) {
            throw new Rejection(
                    DeadLetterReason.NOT_JSON,
                    value == null ? "value is null (a tombstone?)" : "value is empty");
        }
        if (value.length > config.maxRecordBytes()) {
            throw new Rejection(
                    DeadLetterReason.TOO_LARGE,
                    "value is "
                            + value.length
                            + " bytes, more than the limit of "
                            + config.maxRecordBytes()
                            + " (maxRecordBytes)");
        }
    }

    private FeatureRecord complete(
            RawRecord raw, String entity, boolean hasTs, long ts, float[] features)
            throws Rejection {
        String who = entity;
        if (who == null && raw.key != null) {
            String key = new String(raw.key, StandardCharsets.UTF_8);
            who = key.isBlank() ? null : key;
        }
        if (who == null) {
            throw new Rejection(
                    DeadLetterReason.MISSING_ENTITY,
                    "field \""
                            + config.entityField()
                            + "\" is absent or blank and the record has no key");
        }
        checkEntityLength(who, entity != null);
        if (features == null) {
            throw new Rejection(
                    DeadLetterReason.MISSING_FEATURES,
                    "no \"" + config.featuresField() + "\" field");
        }
        if (!hasTs && raw.timestamp < 0) {
            throw new Rejection(
                    DeadLetterReason.BAD_TIMESTAMP,
                    "no \""
                            + config.timestampField()
                            + "\" field and the Kafka record has no timestamp");
        }
        if (hasTs) {
            checkPlausible(ts, raw.timestamp);
        } else {
            checkKafkaTimestamp(ts, System.currentTimeMillis());
        }
        return new FeatureRecord(who, ts, features, raw.topic, raw.partition, raw.offset);
    }

    private void checkEntityLength(String who, boolean fromField) throws Rejection {
        if (who.length() > MAX_ENTITY_CHARS) {
            throw new Rejection(
                    DeadLetterReason.TOO_LARGE,
                    "entity id (from "
                            + (fromField ? "field \"" + config.entityField() + "\"" : "the key")
                            + ") is "
                            + who.length()
                            + " characters, more than the limit of "
                            + MAX_ENTITY_CHARS);
        }
    }

    /**
     * Refuses event times before 1970 or more than a day after the record reached Kafka. One such
     * record (microseconds taken for millis, a clock far off) would otherwise sit in an entity's
     * state as its latest event time and hold its episode open, silencing its alerts.
     */
    private void checkPlausible(long ts, long kafkaTimestamp) throws Rejection {
        if (ts < 0) {
            throw new Rejection(
                    DeadLetterReason.BAD_TIMESTAMP,
                    "\"" + config.timestampField() + "\" " + ts + " is before 1970");
        }
        if (kafkaTimestamp >= 0 && ts - kafkaTimestamp > MAX_AHEAD_MILLIS) {
            throw new Rejection(
                    DeadLetterReason.BAD_TIMESTAMP,
                    "\""
                            + config.timestampField()
                            + "\" "
                            + ts
                            + " is more than a day after the record's Kafka timestamp "
                            + kafkaTimestamp
                            + " (epoch milliseconds expected, not micro- or nanoseconds)");
        }
    }

    /**
     * Refuses a Kafka timestamp taken as the event time (no ts field) more than a day after the
     * time it is decoded, the bound a ts field has against the Kafka timestamp: there is no later
     * witness of when the record was written. Brokers before Kafka 4.0 accept any timestamp from a
     * producer (message.timestamp.after.max.ms was unbounded), so one in microseconds arrives as a
     * time in the year 56,000 and would hold the entity's windows and threshold as its newest.
     */
    private void checkKafkaTimestamp(long ts, long now) throws Rejection {
        if (ts - now > MAX_AHEAD_MILLIS) {
            throw new Rejection(
                    DeadLetterReason.BAD_TIMESTAMP,
                    "no \""
                            + config.timestampField()
                            + "\" field and the Kafka timestamp "
                            + ts
                            + " is more than a day after the time of decoding "
                            + now
                            + " (epoch milliseconds expected, not micro- or nanoseconds)");
        }
    }

    /** The entity's text, or null when blank so that the record key can stand in. */
    private String readEntity(JsonParser p, JsonToken token) throws IOException, Rejection {
        switch (token) {
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                String text = p.getText();
                return text.isBlank() ? null : text;
            case VALUE_NULL:
                return null;
            default:
                throw new Rejection(
                        DeadLetterReason.MISSING_ENTITY,
                        "field \""
                                + config.entityField()
                                + "\" is "
                                + JsonText.describe(token)
                                + ", expected a string or a number");
        }
    }

    private float[] readFeatures(JsonParser p, JsonToken token) throws IOException, Rejection {
        if (token == JsonToken.START_OBJECT) {
            return features.readObject(p);
        }
        if (token == JsonToken.START_ARRAY) {
            return features.readArray(p);
        }
        throw new Rejection(
                DeadLetterReason.MISSING_FEATURES,
                "field \""
                        + config.featuresField()
                        + "\" is "
                        + JsonText.describe(token)
                        + ", expected an object of name to number or an array of "
                        + featureNames.size()
                        + " numbers");
    }
}
