package dev.residual.threshold;

import static dev.residual.threshold.TestStreams.MINUTE;
import static dev.residual.threshold.TestStreams.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.AnomalyEvent;
import dev.residual.io.FeatureRecord;
import dev.residual.score.ScoredRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThresholdFunctionTest {
    private static final double GLOBAL = 1.0;
    private static final long IDLE_TTL = Duration.ofHours(1).toMillis();
    private static final ThresholdConfig CONFIG = config(1);

    private final TestStreams stream = new TestStreams(2024, 0.1);
    private KeyedOneInputStreamOperatorTestHarness<String, ScoredRecord, AnomalyEvent> harness;
    private long clock;

    private static ThresholdConfig config(int confirmRecords) {
        return ThresholdConfig.builder()
                .halfLife(Duration.ofHours(1))
                .warmupRecords(50)
                .cooldown(Duration.ofMinutes(10))
                .idleTtl(Duration.ofMillis(IDLE_TTL))
                .floorRatio(0.05)
                .confirmRecords(confirmRecords)
                .build();
    }

    @BeforeEach
    void openHarness() throws Exception {
        openHarness(CONFIG);
    }

    private void openHarness(ThresholdConfig config) throws Exception {
        openHarness(config, null);
    }

    /** A harness of a new function, restored from {@code snapshot} unless it is null. */
    private void openHarness(ThresholdConfig config, OperatorSubtaskState snapshot)
            throws Exception {
        ThresholdFunction fn =
                new ThresholdFunction(config, GLOBAL, "dense-ae/test/1", TestStreams.FEATURES);
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(fn), r -> r.entity, Types.STRING);
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
    }

    /** The entity's state as the function keeps it, or null. */
    private ThresholdState stateOf(String entity) throws Exception {
        harness.getOperator().setCurrentKey(entity);
        return harness.getOperator()
                .getKeyedStateStore()
                .getState(
                        new ValueStateDescriptor<>(
                                ThresholdFunction.STATE_NAME,
                                TypeInformation.of(ThresholdState.class)))
                .value();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    /** One record per minute of event time and of processing time. */
    private void send(ScoredRecord r) throws Exception {
        clock = Math.max(clock, r.ts - T0);
        harness.setProcessingTime(clock);
        harness.processElement(r, r.ts);
    }

    private long warmUp(String entity, int records, long ts) throws Exception {
        for (int i = 0; i < records; i++, ts += MINUTE) {
            send(stream.normal(entity, ts));
        }
        return ts;
    }

    private List<AnomalyEvent> events() {
        return harness.extractOutputValues();
    }

    @Test
    void functionSurvivesJavaSerialization() throws Exception {
        // Flink ships the function to the task managers as Java-serialized bytes.
        ThresholdFunction fn =
                new ThresholdFunction(CONFIG, GLOBAL, "dense-ae/test/1", TestStreams.FEATURES);
        assertThat(InstantiationUtil.clone(fn)).isNotNull();
    }

    @Test
    void normalEntityStaysQuiet() throws Exception {
        warmUp("pump-7", 600, T0);
        assertThat(events()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void spikeAlertsOnceWithTopFeature() throws Exception {
        long ts = warmUp("pump-7", 200, T0);
        ScoredRecord first = stream.spike("pump-7", ts, 1, 20);
        send(first);
        for (int i = 1; i <= 5; i++) {
            send(stream.normal("pump-7", ts + i * MINUTE));
            send(stream.spike("pump-7", ts + i * MINUTE + 1, 1, 20));
        }

        assertThat(events()).hasSize(1);
        AnomalyEvent e = events().get(0);
        assertThat(e.entity).isEqualTo("pump-7");
        assertThat(e.ts).isEqualTo(ts);
        assertThat(e.sourceOffset).isEqualTo(first.offset);
        // Judged against what the entity learned, not against the global threshold.
        assertThat(e.score).isLessThan(GLOBAL);
        assertThat(e.threshold).isLessThan(e.score).isGreaterThan(0.1);
        assertThat(e.severity).isGreaterThan(1.0);
        assertThat(e.model).isEqualTo("dense-ae/test/1");
        assertThat(e.episodeId).isEqualTo("pump-7/" + ts);
        assertThat(e.topFeatures).hasSize(3);
        assertThat(e.topFeatures.get(0).name).isEqualTo("vibration");
        assertThat(e.topFeatures.get(0).share).isGreaterThan(0.7);
        assertThat(e.topFeatures.get(0).expected).isEqualTo(first.topExpected[0]);
    }

    @Test
    void withConfirmRecordsOnlyARunOfThatManyAlertsDatedFromItsFirstRecord() throws Exception {
        harness.close();
        openHarness(config(3));
        long ts = warmUp("pump-7", 200, T0);
        // Two spikes, then a normal record: a blip, no event.
        send(stream.spike("pump-7", ts, 1, 20));
        send(stream.spike("pump-7", ts + MINUTE, 1, 20));
        send(stream.normal("pump-7", ts + 2 * MINUTE));
        assertThat(events()).isEmpty();

        long run = ts + 3 * MINUTE;
        for (int i = 0; i < 5; i++) {
            send(stream.spike("pump-7", run + i * MINUTE, 1, 20));
        }
        assertThat(events()).hasSize(1);
        AnomalyEvent e = events().get(0);
        assertThat(e.ts).isEqualTo(run + 2 * MINUTE);
        assertThat(e.episodeStart).isEqualTo(run);
        assertThat(e.episodeId).isEqualTo("pump-7/" + run);
        assertThat(e.episodeRecords).isEqualTo(3);
        assertThat(e.topFeatures.get(0).name).isEqualTo("vibration");
    }

    @Test
    void smoothedScoreSurvivesSnapshotAndRestoreAndEventsKeepTheRecordsScore() throws Exception {
        ThresholdConfig smoothing =
                ThresholdConfig.builder()
                        .halfLife(Duration.ofHours(1))
                        .warmupRecords(50)
                        .cooldown(Duration.ofMinutes(10))
                        .idleTtl(Duration.ofMillis(IDLE_TTL))
                        .floorRatio(0.05)
                        .spread(ThresholdConfig.SPREAD_ENTITY)
                        .smoothing(Duration.ofMinutes(5))
                        .build();
        List<ScoredRecord> records = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 200; i++, ts += MINUTE) {
            records.add(stream.normal("pump-7", ts));
        }
        // An incident that flaps: every other record reconstructs one feature 20 times worse.
        for (int i = 0; i < 30; i++, ts += MINUTE) {
            records.add(
                    i % 2 == 0 ? stream.spike("pump-7", ts, 1, 20) : stream.normal("pump-7", ts));
        }
        int cut = 203;

        harness.close();
        openHarness(smoothing);
        records.forEach(this::sendUnchecked);
        List<AnomalyEvent> uninterrupted = List.copyOf(events());
        ThresholdState end = stateOf("pump-7");

        harness.close();
        clock = 0;
        openHarness(smoothing);
        records.subList(0, cut).forEach(this::sendUnchecked);
        ThresholdState before = stateOf("pump-7");
        List<AnomalyEvent> restored = new ArrayList<>(events());
        OperatorSubtaskState snapshot = harness.snapshot(1L, clock);
        harness.close();
        openHarness(smoothing, snapshot);
        assertThat(stateOf("pump-7")).usingRecursiveComparison().isEqualTo(before);
        assertThat(before.smoothWeight).isGreaterThan(1.0);
        records.subList(cut, records.size()).forEach(this::sendUnchecked);
        restored.addAll(events());

        assertThat(stateOf("pump-7")).usingRecursiveComparison().isEqualTo(end);
        assertThat(restored).usingRecursiveFieldByFieldElementComparator().isEqualTo(uninterrupted);
        assertThat(uninterrupted).hasSize(1);
        AnomalyEvent e = uninterrupted.get(0);
        ScoredRecord alerting =
                records.stream().filter(r -> r.ts == e.ts).findFirst().orElseThrow();
        assertThat(Double.toString(e.score)).isEqualTo(Float.toString(alerting.score));
        assertThat(e.smoothedScore).isGreaterThan(e.threshold);
        assertThat(e.severity).isEqualTo(e.smoothedScore / e.threshold);
        assertThat(e.topFeatures.get(0).name).isEqualTo("vibration");
    }

    private void sendUnchecked(ScoredRecord r) {
        try {
            send(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void entitiesAreIndependent() throws Exception {
        long ts = T0;
        for (int i = 0; i < 200; i++, ts += MINUTE) {
            send(stream.normal("pump-7", ts));
            send(stream.normal("fan-2", ts + 1));
        }
        send(stream.spike("pump-7", ts, 0, 20));
        // pump-7's open episode must not swallow fan-2's alert, nor pump-7's repeat count.
        send(stream.spike("fan-2", ts + MINUTE, 2, 20));
        send(stream.spike("pump-7", ts + 2 * MINUTE, 0, 20));

        assertThat(events()).extracting(e -> e.entity).containsExactly("pump-7", "fan-2");
        assertThat(events())
                .extracting(e -> e.topFeatures.get(0).name)
                .containsExactly("temp", "pressure");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
    }

    @Test
    void activeEntityKeepsOneTimerAndItsHistory() throws Exception {
        long ts = T0;
        for (int i = 0; i < 3 * 60; i++, ts += MINUTE) {
            send(stream.normal("pump-7", ts));
            assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        }
        // Three idle-TTLs of activity later the entity still has its own, learned threshold.
        send(stream.spike("pump-7", ts, 3, 20));
        assertThat(events()).hasSize(1);
        assertThat(events().get(0).threshold).isLessThan(GLOBAL);
    }

    @Test
    void unscoredRecordsNeitherAlertNorLeaveState() throws Exception {
        for (int i = 0; i < 10; i++) {
            FeatureRecord r = new FeatureRecord("pump-7", T0 + i, new float[4], "features", 2, i);
            send(ScoredRecord.unscored(r));
        }
        assertThat(events()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void idleEntitiesLoseStateAndTimers() throws Exception {
        warmUp("pump-7", 100, T0);
        warmUp("fan-2", 30, T0 + 100 * MINUTE);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);

        // fan-2 was seen an idle-TTL after pump-7: only pump-7 has been idle long enough.
        harness.setProcessingTime(clock + IDLE_TTL - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(clock + IDLE_TTL + IDLE_TTL / 10);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
