package dev.residual.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The anomaly event's JSON: the documented shape, and a lossless round trip. */
class AnomalyEventCodecTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The example event of DESIGN.md. */
    static AnomalyEvent designExample() {
        AnomalyEvent e = new AnomalyEvent();
        e.entity = "pump-7";
        e.ts = 1732700000000L;
        e.score = 4.81;
        e.threshold = 1.92;
        e.severity = 2.5;
        e.model = "dense-ae/2026-11-27T10:00:00Z/3f9c1a";
        e.topFeatures =
                List.of(new AnomalyEvent.FeatureContribution("vibration", 0.71, 0.31, 0.04));
        e.episodeId = "pump-7/1732699990000";
        e.episodeStart = 1732699990000L;
        e.episodeRecords = 3;
        e.sourceTopic = "features";
        e.sourcePartition = 2;
        e.sourceOffset = 81723L;
        return e;
    }

    @Test
    void encodesTheShapeDocumentedInTheDesign() throws Exception {
        String documented =
                "{\"entity\": \"pump-7\", \"ts\": 1732700000000, \"score\": 4.81, \"threshold\": 1.92,"
                        + " \"severity\": 2.5, \"model\": \"dense-ae/2026-11-27T10:00:00Z/3f9c1a\","
                        + " \"top_features\": [{\"name\": \"vibration\", \"share\": 0.71, \"value\": 0.31,"
                        + " \"expected\": 0.04}], \"episode\": {\"id\": \"pump-7/1732699990000\","
                        + " \"start\": 1732699990000, \"records\": 3}, \"source\": {\"topic\":"
                        + " \"features\", \"partition\": 2, \"offset\": 81723}}";
        JsonNode encoded = MAPPER.readTree(AnomalyEventCodec.encode(designExample()));
        assertThat(encoded).isEqualTo(MAPPER.readTree(documented));
    }

    @Test
    void roundTripKeepsEveryField() {
        AnomalyEvent back = AnomalyEventCodec.decode(AnomalyEventCodec.encode(designExample()));
        assertThat(back)
                .usingRecursiveComparison()
                .withComparatorForType(Double::compare, Double.class)
                .isEqualTo(designExample());
    }

    @Test
    void nanExpectedIsOmittedAndReadBackAsNaN() throws Exception {
        AnomalyEvent e = designExample();
        e.topFeatures = List.of(new AnomalyEvent.FeatureContribution("temp", 1, 80, Double.NaN));
        byte[] json = AnomalyEventCodec.encode(e);
        assertThat(MAPPER.readTree(json).get("top_features").get(0).has("expected")).isFalse();
        assertThat(AnomalyEventCodec.decode(json).topFeatures.get(0).expected).isNaN();
    }

    @Test
    void smoothedScoreIsWrittenOnlyWhenSetAndReadBack() throws Exception {
        assertThat(MAPPER.readTree(AnomalyEventCodec.encode(designExample())).has("smoothed_score"))
                .isFalse();
        AnomalyEvent e = designExample();
        e.smoothedScore = 2.4;
        byte[] json = AnomalyEventCodec.encode(e);
        assertThat(MAPPER.readTree(json).get("smoothed_score").asDouble()).isEqualTo(2.4);
        assertThat(AnomalyEventCodec.decode(json)).usingRecursiveComparison().isEqualTo(e);
    }

    @Test
    void nonFiniteNumberIsWrittenAsNullSoTheOutputStaysJson() throws Exception {
        AnomalyEvent e = designExample();
        e.severity = Double.POSITIVE_INFINITY;
        byte[] json = AnomalyEventCodec.encode(e);
        assertThat(MAPPER.readTree(json).get("severity").isNull()).isTrue();
        assertThat(AnomalyEventCodec.decode(json).severity).isNaN();
    }

    @Test
    void decodeSkipsUnknownFields() {
        String json =
                "{\"entity\": \"e\", \"extra\": {\"a\": [1]}, \"ts\": 5,"
                        + " \"episode\": {\"id\": \"e/1\", \"new\": true, \"records\": 2}}";
        AnomalyEvent e = AnomalyEventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(e.entity).isEqualTo("e");
        assertThat(e.ts).isEqualTo(5L);
        assertThat(e.episodeRecords).isEqualTo(2);
    }

    @Test
    void decodeRejectsWhatIsNotAnEvent() {
        assertThatThrownBy(() -> AnomalyEventCodec.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an anomaly event");
    }
}
