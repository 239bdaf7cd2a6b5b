package dev.residual.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class ThresholdStateTest {

    @Test
    void isSerializedAsPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ThresholdState.class);
    }

    @Test
    void staysTheSameSizeWhateverTheHistory() throws IOException {
        RollingThreshold rule =
                new RollingThreshold(
                        ThresholdConfig.builder()
                                .halfLife(Duration.ofMinutes(30))
                                .spread(ThresholdConfig.SPREAD_ENTITY)
                                .smoothing(Duration.ofSeconds(5))
                                .build(),
                        1.0);
        Random random = new Random(7);
        ThresholdState state = new ThresholdState();
        int fresh = serializedSize(state);
        for (int i = 0; i < 10_000; i++) {
            double score = random.nextInt(50) == 0 ? 5.0 : TestStreams.logNormal(random, 0.2, 0.3);
            rule.observe(state, score, i * 1_000L);
        }
        state.expiryTimer = 123_456_789L;

        assertThat(state.normalRecords).isGreaterThan(9_000);
        assertThat(state.smoothWeight).isGreaterThan(1.0);
        assertThat(serializedSize(state)).isEqualTo(fresh);
        // 132 bytes of fields (18) plus the POJO serializer's per-field null flags and header.
        assertThat(fresh).isEqualTo(132 + 18 + 1);
    }

    @Test
    void copyIsIndependent() {
        ThresholdState a = new ThresholdState();
        a.logMean = 1.5;
        ThresholdState b = a.copy();
        b.logMean = 2.5;
        assertThat(a.logMean).isEqualTo(1.5);
        assertThat(b).usingRecursiveComparison().ignoringFields("logMean").isEqualTo(a);
    }

    private static int serializedSize(ThresholdState state) throws IOException {
        TypeSerializer<ThresholdState> serializer =
                TypeInformation.of(ThresholdState.class)
                        .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(128);
        serializer.serialize(state, out);
        return out.length();
    }
}
