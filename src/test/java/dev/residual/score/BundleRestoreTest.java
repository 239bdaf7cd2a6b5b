package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.FeatureRecord;
import dev.residual.model.BundleIdentity;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Windows and baselines restored from a savepoint under a bundle: what goes on and what starts
 * again, by the identity each state records.
 */
class BundleRestoreTest {
    private static final long T0 = 1_732_700_000_000L;
    private static final long SECOND = 1000L;
    private static final long TTL = 3_600_000L;
    private static final int W = 3;
    private static final long A = BundleIdentity.ofModel("dense-ae/A");
    private static final long B = BundleIdentity.ofModel("dense-ae/B");
    private static final long AB = BundleIdentity.ofFeatures(List.of("a", "b"));
    private static final long BA = BundleIdentity.ofFeatures(List.of("b", "a"));

    private static FeatureRecord record(int i) {
        return new FeatureRecord("m", T0 + i * SECOND, new float[] {i, 2 * i}, "features", 0, i);
    }

    /** Sends records {@code from} to {@code to} - 1 and returns what came out of them. */
    private static List<WindowedRecord> send(
            KeyedOneInputStreamOperatorTestHarness<String, FeatureRecord, WindowedRecord> h,
            int from,
            int to)
            throws Exception {
        int before = h.extractOutputValues().size();
        for (int i = from; i < to; i++) {
            h.processElement(record(i), record(i).ts);
        }
        List<WindowedRecord> out = h.extractOutputValues();
        return out.subList(before, out.size());
    }

    /** A snapshot of {@code function} after ten records of entity m. */
    private static OperatorSubtaskState tenRecords(
            KeyedProcessFunction<String, FeatureRecord, WindowedRecord> function) throws Exception {
        try (var h = KeyedHarnesses.open(function, (FeatureRecord r) -> r.entity, null)) {
            send(h, 0, 10);
            return h.snapshot(1L, 1L);
        }
    }

    /** The first record's output after restoring {@code snapshot} into {@code function}. */
    private static WindowedRecord firstAfterRestore(
            KeyedProcessFunction<String, FeatureRecord, WindowedRecord> function,
            OperatorSubtaskState snapshot)
            throws Exception {
        try (var h = KeyedHarnesses.open(function, (FeatureRecord r) -> r.entity, snapshot)) {
            WindowedRecord first = send(h, 10, 11).get(0);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            return first;
        }
    }

    private static WindowAssembler windows(long bundle) {
        return new WindowAssembler(W, 2, 10 * SECOND, TTL, bundle);
    }

    private static BaselineFunction baseline(long features) {
        return new BaselineFunction(new EntityBaseline(5, TTL, 3.0), 2, TTL, features);
    }

    @Test
    void aWindowRestoredUnderTheSameBundleGoesOn() throws Exception {
        WindowedRecord w = firstAfterRestore(windows(A), tenRecords(windows(A)));

        assertThat(w.window).containsExactly(8, 16, 9, 18, 10, 20);
    }

    @Test
    void aWindowRestoredUnderAnotherBundleOfTheSameLengthStartsAgain() throws Exception {
        WindowedRecord w = firstAfterRestore(windows(B), tenRecords(windows(A)));

        assertThat(w.window).isNull();
        assertThat(w.steps).as("the first record of a new run").isEqualTo(1);
    }

    @Test
    void aWindowOfAnUnknownBundleStartsAgain() throws Exception {
        // State written before windows recorded their bundle reads as UNKNOWN.
        OperatorSubtaskState old = tenRecords(windows(BundleIdentity.UNKNOWN));

        assertThat(firstAfterRestore(windows(A), old).window).isNull();
    }

    @Test
    void aBaselineRestoredUnderABundleOfTheSameFeaturesGoesOn() throws Exception {
        WindowedRecord w = firstAfterRestore(baseline(AB), tenRecords(baseline(AB)));

        assertThat(w.window).isNotNull();
        // The mean of records 0..9, not of record 10 alone.
        assertThat(w.center[0]).isLessThan(9f);
    }

    @Test
    void aBaselineRestoredUnderOtherFeaturesOfTheSameCountStartsAgain() throws Exception {
        WindowedRecord w = firstAfterRestore(baseline(BA), tenRecords(baseline(AB)));

        assertThat(w.window).as("the first record of a new warm-up").isNull();
    }

    @Test
    void aBaselineOfUnknownFeaturesOfTheBundlesCountGoesOn() throws Exception {
        OperatorSubtaskState old = tenRecords(baseline(BundleIdentity.UNKNOWN));

        assertThat(firstAfterRestore(baseline(AB), old).window).isNotNull();
    }
}
