package dev.residual.job;

import static dev.residual.job.PreIdentitySavepoints.DIR;
import static dev.residual.job.PreIdentitySavepoints.FEATURES;
import static dev.residual.job.PreIdentitySavepoints.MODEL_ID;
import static dev.residual.job.PreIdentitySavepoints.RECORDS;
import static dev.residual.job.PreIdentitySavepoints.TTL;
import static dev.residual.job.PreIdentitySavepoints.W;
import static dev.residual.job.PreIdentitySavepoints.record;
import static dev.residual.job.PreIdentitySavepoints.scored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.FeatureRecord;
import dev.residual.model.BundleIdentity;
import dev.residual.score.BaselineFunction;
import dev.residual.score.BaselineState;
import dev.residual.score.EntityBaseline;
import dev.residual.score.KeyedHarnesses;
import dev.residual.score.ScoredRecord;
import dev.residual.score.WindowAssembler;
import dev.residual.score.WindowState;
import dev.residual.score.WindowedRecord;
import dev.residual.threshold.ThresholdFunction;
import dev.residual.threshold.ThresholdState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/**
 * Keyed state written before states recorded their bundle (fixtures of commit 7fee02b, {@link
 * PreIdentitySavepoints}) restores under today's POJOs, the new field read as unknown, and each
 * state does what the README's "Rolling out a new bundle" says of an unknown bundle, even under the
 * very bundle that wrote it: the threshold and the window start again, the baseline goes on.
 */
class PreIdentitySavepointTest {

    private static OperatorSubtaskState fixture(String name) throws Exception {
        return OperatorSnapshotUtil.readStateHandle(DIR.resolve(name + ".snapshot").toString());
    }

    /** The entity m's value of the keyed state {@code name} in {@code h}'s operator. */
    private static <S> S stateOf(
            KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h, String name, Class<S> type)
            throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey("m");
        return backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>(name, TypeInformation.of(type)))
                .value();
    }

    @Test
    void aThresholdOfAnUnknownBundleRestoresAndWarmsUpAgain() throws Exception {
        try (var h =
                KeyedHarnesses.open(
                        PreIdentitySavepoints.threshold(),
                        (ScoredRecord r) -> r.entity,
                        fixture("threshold"))) {
            ThresholdState restored =
                    stateOf(h, ThresholdFunction.STATE_NAME, ThresholdState.class);
            assertThat(restored.bundle).isEqualTo(BundleIdentity.UNKNOWN);
            assertThat(restored.normalRecords).isEqualTo(RECORDS);

            ScoredRecord next = scored(RECORDS);
            h.processElement(next, next.ts);

            ThresholdState after = stateOf(h, ThresholdFunction.STATE_NAME, ThresholdState.class);
            assertThat(after.normalRecords).as("learning again").isEqualTo(1);
            assertThat(after.records).as("its rate kept").isEqualTo(RECORDS + 1);
            assertThat(after.bundle).isEqualTo(BundleIdentity.ofModel(MODEL_ID));
        }
    }

    @Test
    void aWindowOfAnUnknownBundleRestoresAndStartsAgain() throws Exception {
        var windows =
                new WindowAssembler(
                        W, FEATURES.size(), 10_000L, TTL, BundleIdentity.ofModel(MODEL_ID));
        try (var h =
                KeyedHarnesses.open(windows, (FeatureRecord r) -> r.entity, fixture("window"))) {
            WindowState restored = stateOf(h, WindowAssembler.STATE_NAME, WindowState.class);
            assertThat(restored.filled).isEqualTo(W);
            assertThat(restored.lastTs).isEqualTo(record(RECORDS - 1).ts);

            h.processElement(record(RECORDS), record(RECORDS).ts);
            WindowedRecord w = h.extractOutputValues().get(0);

            assertThat(w.window).isNull();
            assertThat(w.steps).isEqualTo(1);
        }
    }

    @Test
    void aBaselineOfUnknownFeaturesOfTheBundlesCountRestoresAndGoesOn() throws Exception {
        var baseline =
                new BaselineFunction(
                        new EntityBaseline(5, TTL, 3.0),
                        FEATURES.size(),
                        TTL,
                        BundleIdentity.ofFeatures(FEATURES));
        try (var h =
                KeyedHarnesses.open(baseline, (FeatureRecord r) -> r.entity, fixture("baseline"))) {
            BaselineState restored = stateOf(h, BaselineFunction.STATE_NAME, BaselineState.class);
            assertThat(restored.records).isEqualTo(RECORDS);
            assertThat(restored.featureSet).isEqualTo(BundleIdentity.UNKNOWN);

            h.processElement(record(RECORDS), record(RECORDS).ts);
            WindowedRecord w = h.extractOutputValues().get(0);

            assertThat(w.window).as("standardised: past the warm-up it had").isNotNull();
            assertThat(w.center[0]).isBetween(2f, 4f);
        }
    }
}
