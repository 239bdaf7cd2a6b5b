package dev.residual.threshold;

import static dev.residual.threshold.TestStreams.MINUTE;
import static dev.residual.threshold.TestStreams.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.AnomalyEvent;
import dev.residual.score.ScoredRecord;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A retrained bundle is deployed by restarting the job from a savepoint with {@code --bundle
 * models} (CURRENT now names the new bundle): operator uids are unchanged, so every entity's
 * threshold state is restored. That state is a level of log scores of the old model. A new model
 * whose scores are on another scale must not be judged by it: the entity should learn again (as it
 * does when threshold.smoothing changes), judged meanwhile by the new bundle's global threshold.
 * Today the old level judges the new scores.
 */
class BundleChangeRestoreTest {
    private static final ThresholdConfig CONFIG =
            ThresholdConfig.builder()
                    .halfLife(Duration.ofHours(24))
                    .warmupRecords(50)
                    .cooldown(Duration.ofMinutes(10))
                    .idleTtl(Duration.ofDays(7))
                    .floorRatio(1.0)
                    .build();

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredRecord, AnomalyEvent>
            harness(double global, String modelId, OperatorSubtaskState restoreFrom)
                    throws Exception {
        ThresholdFunction fn = new ThresholdFunction(CONFIG, global, modelId, TestStreams.FEATURES);
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(fn), r -> r.entity, Types.STRING);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    @Test
    void aNewBundleOnTheSavepointIsNotJudgedByTheOldModelsLevel() throws Exception {
        // Model A: normal scores about 0.1, global threshold 1.0.
        TestStreams oldScores = new TestStreams(7, 0.1);
        long ts = T0;
        OperatorSubtaskState savepoint;
        try (var a = harness(1.0, "dense-ae/A", null)) {
            for (int i = 0; i < 300; i++, ts += MINUTE) {
                a.processElement(oldScores.normal("m", ts), ts);
            }
            assertThat(a.extractOutputValues()).isEmpty();
            savepoint = a.snapshot(1L, 0L);
        }

        // Model B (retrained, another scaler): normal scores about 0.001, global threshold 0.01.
        TestStreams newScores = new TestStreams(8, 0.001);
        try (var b = harness(0.01, "dense-ae/B", savepoint)) {
            for (int i = 0; i < 10; i++, ts += MINUTE) {
                b.processElement(newScores.normal("m", ts), ts);
            }
            // One feature 200 times worse: score about 0.05, five times B's global threshold.
            ScoredRecord incident = newScores.spike("m", ts, 1, 200);
            assertThat((double) incident.score).isGreaterThan(0.03);
            b.processElement(incident, ts);

            assertThat(b.extractOutputValues())
                    .as("an alert for a score 5x the new bundle's global threshold")
                    .hasSize(1);
        }
    }
}
