package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.FeatureRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BaselineFunctionTest {
    private static final int WARMUP = 4;
    private static final long SECOND = 1000L;
    private static final long IDLE_TTL = 3_600_000L;
    private static final long T0 = 1_732_700_000_000L;
    private static final EntityBaseline RULE = new EntityBaseline(WARMUP, 3_600_000L, 3);

    private KeyedOneInputStreamOperatorTestHarness<String, FeatureRecord, WindowedRecord> harness;
    private long offset;

    @BeforeEach
    void openHarness() throws Exception {
        harness = harness(null);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FeatureRecord, WindowedRecord>
            harness(OperatorSubtaskState restoreFrom) throws Exception {
        return KeyedHarnesses.open(
                new BaselineFunction(RULE, 2, IDLE_TTL),
                (FeatureRecord r) -> r.entity,
                restoreFrom);
    }

    /** Sends {@code values} of one entity, each record's two features v and 1000 + 10·v. */
    private void send(String entity, long start, float... values) throws Exception {
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            FeatureRecord r =
                    new FeatureRecord(
                            entity,
                            start + i * SECOND,
                            new float[] {v, 1000 + 10 * v},
                            "features",
                            0,
                            offset++);
            harness.processElement(r, r.ts);
        }
    }

    private List<WindowedRecord> out() {
        return harness.extractOutputValues();
    }

    @Test
    void functionSurvivesJavaSerialization() throws Exception {
        assertThat(InstantiationUtil.clone(new BaselineFunction(RULE, 2, IDLE_TTL))).isNotNull();
    }

    @Test
    void warmUpGoesOnUnscoredThenRecordsCarryTheirStandardisedFeatures() throws Exception {
        send("pump-7", T0, 1, 3, 1, 3, 5);

        List<WindowedRecord> out = out();
        assertThat(out).hasSize(5);
        assertThat(out.subList(0, WARMUP)).allMatch(w -> w.window == null && w.center == null);
        WindowedRecord scored = out.get(4);
        // mean 2 and 1020, population sd 1 and 10: both features are 3 sd above.
        assertThat(scored.window).containsExactly(3f, 3f);
        assertThat(scored.center).containsExactly(2f, 1020f);
        assertThat(scored.scale).containsExactly(1f, 10f);
        assertThat(scored.record.features).as("in feature units").containsExactly(5f, 1050f);
        assertThat(out).extracting(w -> w.record.offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void consecutiveRecordsGoOnWithArraysOfTheirOwn() throws Exception {
        // What a chained operator receives with object reuse on: the emitted objects themselves
        // (the harness's own output holds copies, which would hide shared arrays).
        harness.close();
        Emitted emitted = new Emitted(new BaselineFunction(RULE, 2, IDLE_TTL));
        harness = KeyedHarnesses.open(emitted, (FeatureRecord r) -> r.entity, null);
        send("pump-7", T0, 1, 3, 1, 3, 5, 2);

        WindowedRecord first = emitted.records.get(4);
        WindowedRecord second = emitted.records.get(5);
        assertThat(first.window).containsExactly(3f, 3f);
        assertThat(first.center).containsExactly(2f, 1020f);
        assertThat(first.scale).containsExactly(1f, 10f);
        assertThat(second.center).as("the baseline moved").doesNotContain(2f);
        assertThat(second.window).isNotSameAs(first.window);
        assertThat(second.center).isNotSameAs(first.center);
        assertThat(second.scale).isNotSameAs(first.scale);
    }

    /** Runs a function and keeps the objects it emits, uncopied. */
    private static final class Emitted
            extends KeyedProcessFunction<String, FeatureRecord, WindowedRecord> {
        private static final long serialVersionUID = 1L;

        private final BaselineFunction function;
        private final List<WindowedRecord> records = new ArrayList<>();

        Emitted(BaselineFunction function) {
            this.function = function;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            function.setRuntimeContext(getRuntimeContext());
            function.open(openContext);
        }

        @Override
        public void processElement(FeatureRecord r, Context ctx, Collector<WindowedRecord> out)
                throws Exception {
            function.processElement(
                    r,
                    ctx,
                    new Collector<>() {
                        @Override
                        public void collect(WindowedRecord w) {
                            records.add(w);
                            out.collect(w);
                        }

                        @Override
                        public void close() {}
                    });
        }
    }

    @Test
    void entitiesAtDifferentLevelsLookAlike() throws Exception {
        send("pump-7", T0, 1, 3, 1, 3, 2);
        send("fan-2", T0, 101, 103, 101, 103, 102);

        List<WindowedRecord> out = out();
        assertThat(out.get(4).window).containsExactly(0f, 0f);
        assertThat(out.get(9).window).containsExactly(0f, 0f);
        assertThat(out.get(9).center).containsExactly(102f, 2020f);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void aRestoredJobStandardisesWithTheBaselinesItHad() throws Exception {
        send("pump-7", T0, 1, 3, 1);
        send("fan-2", T0, 101, 103, 101, 103);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = harness(snapshot);
        send("pump-7", T0 + 3 * SECOND, 3, 2);
        send("fan-2", T0 + 4 * SECOND, 105);

        List<WindowedRecord> out = out();
        assertThat(out).hasSize(3);
        assertThat(out.get(0).window).as("pump-7's warm-up's last record").isNull();
        assertThat(out.get(1).window).containsExactly(0f, 0f);
        assertThat(out.get(2).window).containsExactly(3f, 3f);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
    }

    @Test
    void idleEntitiesLoseTheirBaselineAndTimerAndWarmUpAgain() throws Exception {
        send("pump-7", T0, 1, 3, 1, 3);
        harness.setProcessingTime(IDLE_TTL / 2);
        send("fan-2", T0, 1, 3, 1, 3);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);

        harness.setProcessingTime(IDLE_TTL + IDLE_TTL / 10);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        send("pump-7", T0 + 4 * SECOND, 2);
        assertThat(out().get(out().size() - 1).window).as("warming up again").isNull();

        harness.setProcessingTime(10 * IDLE_TTL);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
