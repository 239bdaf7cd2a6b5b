package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.residual.io.FeatureRecord;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * A retrained bundle with per-entity baselines and one more feature, deployed from a savepoint
 * (same uid "baseline"), restores each entity's BaselineState of the old F. The decoder now makes
 * records of the new F, and EntityBaseline.observe throws "the baseline has 2 features, the record
 * 3": the task fails, restores the same state and fails again, for every entity seen before. It
 * should start the entity's baseline again.
 */
class BaselineBundleChangeTest {
    private static final long T0 = 1_732_700_000_000L;

    @Test
    void aBaselineRestoredUnderABundleWithAnotherFeatureCountDoesNotFailTheTask() throws Exception {
        OperatorSubtaskState snapshot;
        try (var old =
                KeyedHarnesses.open(
                        new BaselineFunction(new EntityBaseline(5, 3_600_000L, 3.0), 2, 3_600_000L),
                        (FeatureRecord r) -> r.entity,
                        null)) {
            for (int i = 0; i < 10; i++) {
                FeatureRecord r =
                        new FeatureRecord(
                                "m", T0 + i * 1000L, new float[] {i, 2 * i}, "features", 0, i);
                old.processElement(r, r.ts);
            }
            snapshot = old.snapshot(1L, 1L);
        }
        try (var next =
                KeyedHarnesses.open(
                        new BaselineFunction(new EntityBaseline(5, 3_600_000L, 3.0), 3, 3_600_000L),
                        (FeatureRecord r) -> r.entity,
                        snapshot)) {
            FeatureRecord r =
                    new FeatureRecord("m", T0 + 20_000L, new float[] {1, 2, 3}, "features", 0, 20);
            assertThatCode(() -> next.processElement(r, r.ts)).doesNotThrowAnyException();
        }
    }
}
