package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.FeatureRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WindowAssemblerTest {
    private static final int W = 3;
    private static final int F = 2;
    private static final long SECOND = 1000L;
    private static final long MAX_GAP = 10 * SECOND;
    private static final long IDLE_TTL = 3_600_000L;
    private static final long T0 = 1_732_700_000_000L;

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
                new WindowAssembler(W, F, MAX_GAP, IDLE_TTL),
                (FeatureRecord r) -> r.entity,
                restoreFrom);
    }

    /** A record whose features are {@code i} and {@code 100 + i}: a window shows its order. */
    private FeatureRecord record(String entity, long ts, int i) {
        return new FeatureRecord(entity, ts, new float[] {i, 100 + i}, "features", 0, offset++);
    }

    private void send(FeatureRecord... records) throws Exception {
        for (FeatureRecord r : records) {
            harness.processElement(r, r.ts);
        }
    }

    /** Sends records 1..n of one entity a second apart from {@code start}. */
    private void sendRun(String entity, long start, int first, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            send(record(entity, start + i * SECOND, first + i));
        }
    }

    private List<WindowedRecord> out() {
        return harness.extractOutputValues();
    }

    private static float[] window(int... steps) {
        float[] w = new float[steps.length * F];
        for (int t = 0; t < steps.length; t++) {
            w[t * F] = steps[t];
            w[t * F + 1] = 100 + steps[t];
        }
        return w;
    }

    /**
     * One record whose event time is far ahead (a device clock off by hours; the decoder accepts up
     * to a day ahead of the Kafka timestamp) must not silence the entity: its later records, in
     * order among themselves and a second apart, should fill windows again. Today every one of them
     * is OUT_OF_ORDER against the stray record's time, unscored, until the clock catches up.
     */
    @Test
    void aStrayFutureRecordDoesNotSilenceTheEntitysWindows() throws Exception {
        sendRun("m", T0, 1, W);
        send(record("m", T0 + 23 * 3_600_000L, 99));
        sendRun("m", T0 + W * SECOND, 10, 2 * W);

        List<WindowedRecord> out = out();
        assertThat(out.get(W - 1).window).isNotNull();
        assertThat(out.subList(W + 1, out.size()))
                .as("records after the stray one, 2W of them in order")
                .anySatisfy(w -> assertThat(w.window).isNotNull());
    }

    /**
     * A retrained bundle with another window length, deployed by restarting from a savepoint with
     * the same uids ("window"), restores each entity's ring of the old W. The assembler then hands
     * the scorer windows of the old W × F values while the new graph takes the new W × F: shorter
     * ones make OnnxScorer's input.put(rows[i], 0, width) throw on every restart, longer ones are
     * cut to their oldest records. It should start the entity's window again instead.
     */
    @Test
    void aWindowRestoredUnderAnotherWindowLengthIsNotHandedOnAtTheOldLength() throws Exception {
        sendRun("m", T0, 1, W);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();
        int newWindow = W + 1;
        harness =
                KeyedHarnesses.open(
                        new WindowAssembler(newWindow, F, MAX_GAP, IDLE_TTL),
                        (FeatureRecord r) -> r.entity,
                        snapshot);
        sendRun("m", T0 + W * SECOND, 10, 2 * newWindow);

        List<WindowedRecord> out = out();
        assertThat(out)
                .allSatisfy(
                        w -> {
                            if (w.window != null) {
                                assertThat(w.window).hasSize(newWindow * F);
                            }
                        });
        // Started again under the new W: W' - 1 records of warm-up, then full windows.
        assertThat(out.subList(0, newWindow - 1)).allSatisfy(w -> assertThat(w.window).isNull());
        assertThat(out.subList(newWindow - 1, out.size()))
                .isNotEmpty()
                .allSatisfy(w -> assertThat(w.window).isNotNull());
    }

    @Test
    void functionSurvivesJavaSerialization() throws Exception {
        assertThat(InstantiationUtil.clone(new WindowAssembler(W, F, MAX_GAP, IDLE_TTL)))
                .isNotNull();
    }

    @Test
    void firstRecordsAreWarmUpThenEachRecordCarriesItsWindowOldestFirst() throws Exception {
        sendRun("pump-7", T0, 1, 5);

        List<WindowedRecord> out = out();
        assertThat(out).hasSize(5);
        assertThat(out).extracting(w -> w.steps).containsExactly(1, 2, 3, 3, 3);
        assertThat(out.get(0).window).isNull();
        assertThat(out.get(1).window).isNull();
        assertThat(out.get(2).window).containsExactly(window(1, 2, 3));
        assertThat(out.get(3).window).containsExactly(window(2, 3, 4));
        assertThat(out.get(4).window).containsExactly(window(3, 4, 5));
        // Every record goes on, the one the window ends with.
        assertThat(out).extracting(w -> w.record.offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void entitiesHaveTheirOwnWindows() throws Exception {
        for (int i = 0; i < 4; i++) {
            send(record("pump-7", T0 + i * SECOND, i), record("fan-2", T0 + i * SECOND, 50 + i));
        }
        List<WindowedRecord> full = out().stream().filter(w -> w.window != null).toList();
        assertThat(full)
                .extracting(w -> w.record.entity)
                .containsExactly("pump-7", "fan-2", "pump-7", "fan-2");
        assertThat(full.get(2).window).containsExactly(window(1, 2, 3));
        assertThat(full.get(3).window).containsExactly(window(51, 52, 53));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void aGapLongerThanTheLimitRestartsTheWindow() throws Exception {
        sendRun("pump-7", T0, 1, 3);
        long afterGap = T0 + 2 * SECOND + MAX_GAP + 1;
        sendRun("pump-7", afterGap, 10, 3);
        // Exactly the limit is not a gap.
        send(record("pump-7", afterGap + 2 * SECOND + MAX_GAP, 13));

        List<WindowedRecord> out = out();
        assertThat(out).extracting(w -> w.steps).containsExactly(1, 2, 3, 1, 2, 3, 3);
        assertThat(out.get(5).window).containsExactly(window(10, 11, 12));
        assertThat(out.get(6).window).containsExactly(window(11, 12, 13));
    }

    @Test
    void aRecordOlderThanTheNewestGoesOnUnscoredAndLeavesTheWindowAlone() throws Exception {
        sendRun("pump-7", T0, 1, 3);
        send(record("pump-7", T0 + SECOND / 2, 99));
        send(record("pump-7", T0 + 2 * SECOND, 4)); // the same time as the newest is in order

        List<WindowedRecord> out = out();
        assertThat(out.get(3).window).isNull();
        assertThat(out.get(3).steps).isZero();
        assertThat(out.get(3).record.features).containsExactly(99, 199);
        assertThat(out.get(4).window).containsExactly(window(2, 3, 4));
    }

    @Test
    void aRestoredJobScoresWithTheWindowsItHad() throws Exception {
        sendRun("pump-7", T0, 1, 2);
        sendRun("fan-2", T0, 50, 4);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = harness(snapshot);
        send(record("pump-7", T0 + 2 * SECOND, 3), record("fan-2", T0 + 4 * SECOND, 54));

        List<WindowedRecord> out = out();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).window).containsExactly(window(1, 2, 3));
        assertThat(out.get(1).window).containsExactly(window(52, 53, 54));
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
    }

    @Test
    void idleEntitiesLoseTheirWindowAndTimerAndWarmUpAgain() throws Exception {
        sendRun("pump-7", T0, 1, 3);
        harness.setProcessingTime(IDLE_TTL / 2);
        sendRun("fan-2", T0, 50, 3);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);

        harness.setProcessingTime(IDLE_TTL + IDLE_TTL / 10);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        send(record("pump-7", T0 + 3 * SECOND, 4));
        assertThat(out().get(out().size() - 1).steps).isEqualTo(1);

        harness.setProcessingTime(10 * IDLE_TTL);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void anActiveEntityKeepsOneTimer() throws Exception {
        List<Integer> timers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            harness.setProcessingTime(i * IDLE_TTL / 20);
            send(record("pump-7", T0 + i * SECOND, i));
            timers.add(harness.numProcessingTimeTimers());
        }
        assertThat(timers).containsOnly(1);
        assertThat(out().get(99).window).containsExactly(window(97, 98, 99));
    }
}
