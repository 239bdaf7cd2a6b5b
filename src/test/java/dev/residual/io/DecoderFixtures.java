package dev.residual.io;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Records and decoders shared by the decoding tests. */
final class DecoderFixtures {
    static final List<String> FEATURES = List.of("temp", "vibration");
    static final String TOPIC = "features";
    static final int PARTITION = 2;
    static final long OFFSET = 81723L;
    static final long KAFKA_TS = 1732700000000L;

    private DecoderFixtures() {}

    static RecordDecoder decoder() {
        return new RecordDecoder(FEATURES, DecoderConfig.defaults());
    }

    static RawRecord raw(String json) {
        return raw(null, json);
    }

    static RawRecord raw(String key, String json) {
        return new RawRecord(
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                TOPIC,
                PARTITION,
                OFFSET,
                KAFKA_TS);
    }
}
