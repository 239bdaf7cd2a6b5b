package dev.residual.io;

import static dev.residual.io.DeadLetterReason.TOO_LARGE;
import static dev.residual.io.DecoderFixtures.FEATURES;
import static dev.residual.io.DecoderFixtures.decoder;
import static dev.residual.io.DecoderFixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every way a record becomes a dead letter, and the detail a person gets to act on. */
class RecordDecoderDeadLetterTest {

    private static DeadLetter deadLetter(
            RecordDecoder decoder, RawRecord raw, DeadLetterReason reason) {
        DecodeResult result = decoder.decode(raw);
        assertThat(result.isValid()).as("%s", result).isFalse();
        assertThat(result.reason()).as("%s", result).isEqualTo(reason);
        assertThat(result.deadLetter().reason).isEqualTo(reason.name());
        return result.deadLetter();
    }

    private static String detail(String json, DeadLetterReason reason) {
        return deadLetter(decoder(), raw(json), reason).detail;
    }

    @Test
    void deadLetterKeepsTheOriginalBytesAndCoordinates() {
        RawRecord raw = raw("pump-7", "{\"features\": [1]}");
        raw.timestamp = 42L;
        DeadLetter d = deadLetter(decoder(), raw, DeadLetterReason.WRONG_DIMENSION);
        assertThat(d.value).isSameAs(raw.value);
        assertThat(d.key).isSameAs(raw.key);
        assertThat(d.topic).isEqualTo(DecoderFixtures.TOPIC);
        assertThat(d.partition).isEqualTo(DecoderFixtures.PARTITION);
        assertThat(d.offset).isEqualTo(DecoderFixtures.OFFSET);
        assertThat(d.timestamp).isEqualTo(42L);
    }

    @Test
    void nullValueIsNotJson() {
        assertThat(detail(null, DeadLetterReason.NOT_JSON)).contains("null");
    }

    @Test
    void emptyAndBlankValuesAreNotJson() {
        assertThat(detail("", DeadLetterReason.NOT_JSON)).isEqualTo("value is empty");
        assertThat(detail("  \n", DeadLetterReason.NOT_JSON)).contains("blank");
    }

    @Test
    void malformedJsonGoesToDeadLettersWithItsPosition() {
        assertThat(detail("{\"entity\": pump}", DeadLetterReason.NOT_JSON))
                .startsWith("not valid JSON at byte ")
                .contains("Unrecognized token 'pump'");
    }

    @Test
    void truncatedJsonIsNotJson() {
        detail("{\"entity\": \"e\", \"features\": [1, 2", DeadLetterReason.NOT_JSON);
    }

    @Test
    void jsonThatIsNotAnObjectIsNotJson() {
        assertThat(detail("[1, 2]", DeadLetterReason.NOT_JSON))
                .isEqualTo("value is an array, expected a JSON object");
        assertThat(detail("\"text\"", DeadLetterReason.NOT_JSON)).contains("a string");
    }

    @Test
    void trailingContentAfterTheObjectIsNotJson() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": [1, 2]} {}",
                                DeadLetterReason.NOT_JSON))
                .contains("trailing content");
    }

    @Test
    void oversizedValueIsTooLargeWithoutBeingParsed() {
        RecordDecoder decoder =
                new RecordDecoder(FEATURES, DecoderConfig.defaults().withMaxRecordBytes(10));
        DeadLetter d = deadLetter(decoder, raw("not json at all"), DeadLetterReason.TOO_LARGE);
        assertThat(d.detail)
                .isEqualTo("value is 15 bytes, more than the limit of 10 (maxRecordBytes)");
    }

    @Test
    void anEntityIdLongerThanTheLimitIsTooLarge() {
        String id = "k".repeat(RecordDecoder.MAX_ENTITY_CHARS + 1);
        assertThat(deadLetter(decoder(), raw(id, "{\"features\": [1, 2]}"), TOO_LARGE).detail)
                .isEqualTo(
                        "entity id (from the key) is 1025 characters, more than the limit of"
                                + " 1024");
        assertThat(detail("{\"entity\": \"" + id + "\", \"features\": [1, 2]}", TOO_LARGE))
                .startsWith("entity id (from field \"entity\") is 1025 characters");
        String longest = "k".repeat(RecordDecoder.MAX_ENTITY_CHARS);
        assertThat(decoder().decode(raw(longest, "{\"features\": [1, 2]}")).isValid()).isTrue();
    }

    @Test
    void recordWithoutEntityOrKeyIsMissingEntity() {
        assertThat(detail("{\"features\": [1, 2]}", DeadLetterReason.MISSING_ENTITY))
                .isEqualTo("field \"entity\" is absent or blank and the record has no key");
    }

    @Test
    void emptyEntityAndEmptyKeyIsMissingEntity() {
        deadLetter(
                decoder(),
                raw("", "{\"entity\": \"\", \"features\": [1, 2]}"),
                DeadLetterReason.MISSING_ENTITY);
    }

    @Test
    void entityThatIsAnObjectIsMissingEntity() {
        assertThat(
                        detail(
                                "{\"entity\": {\"id\": 1}, \"features\": [1, 2]}",
                                DeadLetterReason.MISSING_ENTITY))
                .isEqualTo("field \"entity\" is an object, expected a string or a number");
    }

    @Test
    void recordWithoutFeaturesIsMissingFeatures() {
        assertThat(detail("{\"entity\": \"e\"}", DeadLetterReason.MISSING_FEATURES))
                .isEqualTo("no \"features\" field");
    }

    @Test
    void featuresThatAreAStringAreMissingFeatures() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": \"1,2\"}",
                                DeadLetterReason.MISSING_FEATURES))
                .contains(
                        "is a string, expected an object of name to number or an array of 2 numbers");
    }

    @Test
    void shortArrayIsWrongDimension() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": [1]}",
                                DeadLetterReason.WRONG_DIMENSION))
                .isEqualTo("expected 2 features, got 1");
    }

    @Test
    void longArrayIsWrongDimension() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": [1, 2, [3], {}]}",
                                DeadLetterReason.WRONG_DIMENSION))
                .isEqualTo("expected 2 features, got 4");
    }

    @Test
    void featureTheModelDoesNotKnowIsUnknownFeature() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": {\"temp\": 1, \"pressure\": 2}}",
                                DeadLetterReason.UNKNOWN_FEATURE))
                .isEqualTo("unknown feature \"pressure\"; the model takes [temp, vibration]");
    }

    @Test
    void featureTheRecordLacksIsMissingFeature() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": {\"temp\": 1}}",
                                DeadLetterReason.MISSING_FEATURE))
                .isEqualTo("missing feature \"vibration\" (got 1 of 2)");
    }

    @Test
    void nanFeatureGoesToDeadLetters() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": {\"temp\": 1, \"vibration\": NaN}}",
                                DeadLetterReason.NOT_FINITE))
                .isEqualTo("feature \"vibration\" is NaN");
    }

    @Test
    void infiniteFeatureInAnArrayIsNamedWithItsIndex() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": [-Infinity, 1]}",
                                DeadLetterReason.NOT_FINITE))
                .isEqualTo("feature \"temp\" (index 0) is -Infinity");
    }

    @Test
    void valueBeyondTheFloatRangeIsNotFinite() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": [1, 1e39]}",
                                DeadLetterReason.NOT_FINITE))
                .isEqualTo(
                        "feature \"vibration\" (index 1) is 1e39, beyond the float range (±3.4e38)");
        detail("{\"entity\": \"e\", \"features\": [1, 1e400]}", DeadLetterReason.NOT_FINITE);
    }

    @Test
    void stringNullOrNestedFeatureValueIsNotFinite() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": {\"temp\": \"71.2\", \"vibration\": 1}}",
                                DeadLetterReason.NOT_FINITE))
                .isEqualTo("feature \"temp\" is a string (\"71.2\"), expected a number");
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": [1, null]}",
                                DeadLetterReason.NOT_FINITE))
                .isEqualTo("feature \"vibration\" (index 1) is null, expected a number");
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"features\": [[1], 2]}",
                                DeadLetterReason.NOT_FINITE))
                .isEqualTo("feature \"temp\" (index 0) is an array, expected a number");
    }

    @Test
    void unparseableTimestampIsBadTimestamp() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"ts\": \"yesterday\", \"features\": [1, 2]}",
                                DeadLetterReason.BAD_TIMESTAMP))
                .startsWith(
                        "field \"ts\" \"yesterday\" is neither epoch millis nor an ISO-8601 instant");
    }

    @Test
    void localTimeWithoutOffsetIsBadTimestamp() {
        detail(
                "{\"entity\": \"e\", \"ts\": \"2026-11-27T10:00:00\", \"features\": [1, 2]}",
                DeadLetterReason.BAD_TIMESTAMP);
    }

    @Test
    void fractionalOrOutOfRangeOrBooleanTimestampIsBadTimestamp() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"ts\": 1.5, \"features\": [1, 2]}",
                                DeadLetterReason.BAD_TIMESTAMP))
                .isEqualTo("field \"ts\" is 1.5, not a whole number of epoch millis");
        detail(
                "{\"entity\": \"e\", \"ts\": 99999999999999999999, \"features\": [1, 2]}",
                DeadLetterReason.BAD_TIMESTAMP);
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"ts\": true, \"features\": [1, 2]}",
                                DeadLetterReason.BAD_TIMESTAMP))
                .isEqualTo(
                        "field \"ts\" is a boolean, expected epoch millis or an ISO-8601 string");
    }

    @Test
    void microsecondsOrNegativeTimestampIsBadTimestamp() {
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"ts\": 1732700000000000, \"features\": [1, 2]}",
                                DeadLetterReason.BAD_TIMESTAMP))
                .contains("more than a day after the record's Kafka timestamp")
                .contains("not micro- or nanoseconds");
        assertThat(
                        detail(
                                "{\"entity\": \"e\", \"ts\": -5, \"features\": [1, 2]}",
                                DeadLetterReason.BAD_TIMESTAMP))
                .contains("before 1970");
    }

    /**
     * Without a ts field the Kafka timestamp is the event time, and it is never checked: a producer
     * that sets record timestamps in microseconds (accepted by brokers before Kafka 4.0, whose
     * message.timestamp.after.max.ms defaulted to Long.MAX_VALUE) gives event times in the year
     * 56,000, which then sit in the entity's state as its newest time (see WindowAssemblerTest's
     * stray future record). The guard the ts field has should apply here too.
     */
    @Test
    void kafkaTimestampInMicrosecondsAsEventTimeIsBadTimestamp() {
        RawRecord raw = raw("{\"entity\": \"e\", \"features\": [1, 2]}");
        raw.timestamp = DecoderFixtures.KAFKA_TS * 1000;
        deadLetter(decoder(), raw, DeadLetterReason.BAD_TIMESTAMP);
    }

    @Test
    void absentTimestampWithoutKafkaTimestampIsBadTimestamp() {
        RawRecord raw = raw("{\"entity\": \"e\", \"features\": [1, 2]}");
        raw.timestamp = -1L;
        assertThat(deadLetter(decoder(), raw, DeadLetterReason.BAD_TIMESTAMP).detail)
                .isEqualTo("no \"ts\" field and the Kafka record has no timestamp");
    }

    @Test
    void everyReasonHasAnInputThatProducesIt() {
        Map<String, String> inputs =
                Map.of(
                        "a", "x",
                        "b", "{\"features\": [1, 2]}",
                        "c", "{\"entity\": \"e\"}",
                        "d", "{\"entity\": \"e\", \"features\": [1]}",
                        "e", "{\"entity\": \"e\", \"features\": {\"x\": 1}}",
                        "f", "{\"entity\": \"e\", \"features\": {\"temp\": 1}}",
                        "g", "{\"entity\": \"e\", \"features\": [NaN, 1]}",
                        "h", "{\"entity\": \"e\", \"ts\": \"t\", \"features\": [1, 2]}",
                        "i",
                                "{\"entity\": \"e\", \"features\": [1, 2], \"pad\": \""
                                        + "x".repeat(70000)
                                        + "\"}");
        Set<DeadLetterReason> seen = EnumSet.noneOf(DeadLetterReason.class);
        inputs.values().forEach(json -> seen.add(decoder().decode(raw(json)).reason()));
        assertThat(seen).containsExactlyInAnyOrder(DeadLetterReason.values());
    }

    @Test
    void decoderNeverThrowsOnArbitraryBytes() {
        byte[] valid =
                "{\"entity\": \"e\", \"ts\": \"2026-11-27T10:00:00Z\", \"features\": {\"temp\": 1.5e3, \"vibration\": -2}}"
                        .getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        RecordDecoder decoder = decoder();
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = Arrays.copyOf(valid, random.nextInt(valid.length + 1));
            for (int k = random.nextInt(4); k > 0 && bytes.length > 0; k--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            RawRecord raw = raw(null);
            raw.value = bytes;
            assertThat(decoder.decode(raw)).isNotNull();
        }
    }
}
