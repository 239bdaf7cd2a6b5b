package dev.residual.io;

import static dev.residual.io.DecoderFixtures.FEATURES;
import static dev.residual.io.DecoderFixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The decode operator: valid records downstream, the rest to the side output, all counted. */
class DecodeFunctionTest {

    @Test
    void validRecordsGoDownstreamAndBadOnesToDeadLetters() throws Exception {
        DecodeFunction function =
                InstantiationUtil.clone(new DecodeFunction(FEATURES, DecoderConfig.defaults()));
        OneInputStreamOperatorTestHarness<RawRecord, FeatureRecord> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(function);
        try {
            harness.processElement(raw("{\"entity\": \"a\", \"features\": [1, 2]}"), 10L);
            harness.processElement(raw("{\"entity\": \"b\", \"features\": [1]}"), 11L);
            harness.processElement(raw("not json"), 12L);

            assertThat(harness.extractOutputValues())
                    .extracting(r -> r.entity)
                    .containsExactly("a");
            List<String> reasons =
                    harness.getSideOutput(DecodeFunction.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .map(d -> d.reason)
                            .collect(Collectors.toList());
            assertThat(reasons).containsExactly("WRONG_DIMENSION", "NOT_JSON");
        } finally {
            harness.close();
        }
    }

    @Test
    void countersExistFromTheStartAndCountEveryOutcome() {
        MetricListener listener = new MetricListener();
        DecodeMetrics metrics = new DecodeMetrics(listener.getMetricGroup());
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(reasonCounter(listener, reason).getCount()).isZero();
        }

        metrics.decoded();
        metrics.decoded();
        metrics.deadLetter(DeadLetterReason.NOT_FINITE);

        assertThat(counter(listener, "residual", "decoded").getCount()).isEqualTo(2);
        assertThat(counter(listener, "residual", "deadLetters").getCount()).isEqualTo(1);
        assertThat(reasonCounter(listener, DeadLetterReason.NOT_FINITE).getCount()).isEqualTo(1);
        assertThat(reasonCounter(listener, DeadLetterReason.NOT_JSON).getCount()).isZero();
    }

    private static Counter reasonCounter(MetricListener listener, DeadLetterReason reason) {
        return counter(listener, "residual", "reason", reason.name(), "deadLetters");
    }

    private static Counter counter(MetricListener listener, String... path) {
        return listener.getCounter(path)
                .orElseThrow(() -> new AssertionError("no counter " + String.join(".", path)));
    }
}
