package dev.residual.io;

import static dev.residual.io.DecoderFixtures.FEATURES;
import static dev.residual.io.DecoderFixtures.KAFKA_TS;
import static dev.residual.io.DecoderFixtures.decoder;
import static dev.residual.io.DecoderFixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The valid forms of an input record. */
class RecordDecoderTest {

    private static FeatureRecord valid(RecordDecoder decoder, RawRecord raw) {
        DecodeResult result = decoder.decode(raw);
        assertThat(result.isValid()).as("%s", result).isTrue();
        return result.record();
    }

    private static FeatureRecord valid(String json) {
        return valid(decoder(), raw(json));
    }

    @Test
    void objectFeaturesAreReorderedToTheModelOrder() {
        FeatureRecord r =
                valid(
                        "{\"entity\": \"pump-7\", \"ts\": 1732700000001,"
                                + " \"features\": {\"vibration\": 0.031, \"temp\": 71.2}}");
        assertThat(r.entity).isEqualTo("pump-7");
        assertThat(r.ts).isEqualTo(1732700000001L);
        assertThat(r.features).containsExactly(71.2f, 0.031f);
    }

    @Test
    void objectFeaturesInTheModelOrderTakeTheFastPathToTheSameValues() {
        // In order: each name is the one after the previous, found without the map.
        assertThat(
                        valid("{\"entity\": \"e\", \"features\": {\"temp\": 1, \"vibration\": 2}}")
                                .features)
                .containsExactly(1f, 2f);
        // After the last feature the guess runs off the end, and a repeat goes back to the map.
        assertThat(
                        valid(
                                        "{\"entity\": \"e\", \"features\":"
                                                + " {\"temp\": 1, \"vibration\": 2, \"vibration\": 4}}")
                                .features)
                .containsExactly(1f, 4f);
    }

    @Test
    void arrayFeaturesAreTakenInTheModelOrder() {
        FeatureRecord r = valid("{\"entity\": \"pump-7\", \"features\": [71.2, 3]}");
        assertThat(r.features).containsExactly(71.2f, 3f);
    }

    @Test
    void recordKeepsItsKafkaCoordinates() {
        FeatureRecord r = valid("{\"entity\": \"pump-7\", \"features\": [1, 2]}");
        assertThat(r.topic).isEqualTo(DecoderFixtures.TOPIC);
        assertThat(r.partition).isEqualTo(DecoderFixtures.PARTITION);
        assertThat(r.offset).isEqualTo(DecoderFixtures.OFFSET);
    }

    @Test
    void isoTimestampInUtcIsParsed() {
        FeatureRecord r =
                valid(
                        "{\"entity\": \"e\", \"ts\": \"2024-11-27T10:00:00Z\", \"features\": [1, 2]}");
        assertThat(r.ts).isEqualTo(Instant.parse("2024-11-27T10:00:00Z").toEpochMilli());
    }

    @Test
    void isoTimestampWithOffsetIsParsed() {
        FeatureRecord r =
                valid(
                        "{\"entity\": \"e\", \"ts\": \"2024-11-27T12:00:00.250+02:00\", \"features\": [1, 2]}");
        assertThat(r.ts).isEqualTo(Instant.parse("2024-11-27T10:00:00.250Z").toEpochMilli());
    }

    @Test
    void wholeNumberWrittenAsDoubleIsAcceptedAsMillis() {
        FeatureRecord r = valid("{\"entity\": \"e\", \"ts\": 1.7327E12, \"features\": [1, 2]}");
        assertThat(r.ts).isEqualTo(1732700000000L);
    }

    @Test
    void absentTimestampFallsBackToTheKafkaTimestamp() {
        assertThat(valid("{\"entity\": \"e\", \"features\": [1, 2]}").ts).isEqualTo(KAFKA_TS);
    }

    @Test
    void aKafkaTimestampUpToADayAheadOfTheDecodingIsTheEventTime() {
        // A producer's clock a little ahead, or a replay stamped ahead: within the ts field's
        // bound.
        RawRecord raw = raw("{\"entity\": \"e\", \"features\": [1, 2]}");
        raw.timestamp = System.currentTimeMillis() + RecordDecoder.MAX_AHEAD_MILLIS / 2;
        assertThat(valid(decoder(), raw).ts).isEqualTo(raw.timestamp);
    }

    @Test
    void nullTimestampFallsBackToTheKafkaTimestamp() {
        assertThat(valid("{\"entity\": \"e\", \"ts\": null, \"features\": [1, 2]}").ts)
                .isEqualTo(KAFKA_TS);
    }

    @Test
    void entityComesFromTheKeyWhenTheFieldIsAbsent() {
        FeatureRecord r = valid(decoder(), raw("pump-9", "{\"features\": [1, 2]}"));
        assertThat(r.entity).isEqualTo("pump-9");
    }

    @Test
    void emptyEntityFieldFallsBackToTheKey() {
        FeatureRecord r =
                valid(decoder(), raw("pump-9", "{\"entity\": \"\", \"features\": [1, 2]}"));
        assertThat(r.entity).isEqualTo("pump-9");
    }

    @Test
    void entityFieldWinsOverTheKey() {
        FeatureRecord r =
                valid(decoder(), raw("key", "{\"entity\": \"field\", \"features\": [1, 2]}"));
        assertThat(r.entity).isEqualTo("field");
    }

    @Test
    void numericEntityIsTakenAsItsText() {
        assertThat(valid("{\"entity\": 7, \"features\": [1, 2]}").entity).isEqualTo("7");
    }

    @Test
    void unknownTopLevelFieldsAreIgnored() {
        FeatureRecord r =
                valid(
                        "{\"meta\": {\"features\": \"x\", \"a\": [1, {\"b\": null}]},"
                                + " \"entity\": \"e\", \"tags\": [\"x\"], \"features\": [1, 2]}");
        assertThat(r.features).containsExactly(1f, 2f);
    }

    @Test
    void duplicatedFeatureNameKeepsTheLastValue() {
        FeatureRecord r =
                valid(
                        "{\"entity\": \"e\", \"features\": {\"temp\": 1, \"vibration\": 2, \"temp\": 3}}");
        assertThat(r.features).containsExactly(3f, 2f);
    }

    @Test
    void configuredFieldNamesAreUsed() {
        DecoderConfig config =
                DecoderConfig.defaults()
                        .withEntityField("device")
                        .withTimestampField("time")
                        .withFeaturesField("x");
        RecordDecoder decoder = new RecordDecoder(FEATURES, config);
        FeatureRecord r = valid(decoder, raw("{\"device\": \"d\", \"time\": 5, \"x\": [1, 2]}"));
        assertThat(r.entity).isEqualTo("d");
        assertThat(r.ts).isEqualTo(5L);
    }

    @Test
    void unknownFeaturesAreSkippedWhenConfigured() {
        RecordDecoder decoder =
                new RecordDecoder(
                        FEATURES, DecoderConfig.defaults().withIgnoreUnknownFeatures(true));
        FeatureRecord r =
                valid(
                        decoder,
                        raw(
                                "{\"entity\": \"e\", \"features\": {\"temp\": 1, \"p\": [9], \"vibration\": 2}}"));
        assertThat(r.features).containsExactly(1f, 2f);
    }

    @Test
    void decoderWorksAfterJavaSerialization() throws Exception {
        RecordDecoder copy = InstantiationUtil.clone(decoder());
        assertThat(copy.featureNames()).isEqualTo(FEATURES);
        assertThat(
                        valid(
                                        copy,
                                        raw(
                                                "{\"entity\": \"e\", \"features\": {\"vibration\": 2, \"temp\": 1}}"))
                                .features)
                .containsExactly(1f, 2f);
    }

    @Test
    void badConfigurationFailsAtOnceNamingTheSetting() {
        assertThatThrownBy(() -> DecoderConfig.defaults().withMaxRecordBytes(0))
                .hasMessageContaining("maxRecordBytes");
        assertThatThrownBy(() -> DecoderConfig.defaults().withFeaturesField("ts"))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> new RecordDecoder(List.of("a", "a"), DecoderConfig.defaults()))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> new RecordDecoder(List.of(), DecoderConfig.defaults()))
                .hasMessageContaining("at least one");
    }
}
