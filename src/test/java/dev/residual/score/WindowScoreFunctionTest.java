package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.FeatureRecord;
import dev.residual.model.ModelBundle;
import dev.residual.testing.TestModels;
import dev.residual.testing.WindowedTestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowScoreFunctionTest {
    private static final int W = 4;
    private static final int F = 8;

    @TempDir Path dir;

    @Test
    void scoresFullWindowsForTheirLastRecordAndPassesTheOthersUnscoredInPlace() throws Exception {
        ModelBundle bundle =
                ModelBundle.load(
                        WindowedTestModels.write(TestModels.FLEET, List.of("m"), 300, W, dir));
        float[][] rows = TestModels.rows(12, 7);
        List<WindowedRecord> batch = new ArrayList<>();
        List<float[]> windows = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            FeatureRecord r = new FeatureRecord("m", 1000L * i, rows[i], "features", 0, i);
            float[] window = null;
            if (i >= W - 1) {
                window = new float[W * F];
                for (int t = 0; t < W; t++) {
                    System.arraycopy(rows[i - W + 1 + t], 0, window, t * F, F);
                }
                windows.add(window);
            }
            batch.add(new WindowedRecord(r, window, Math.min(i + 1, W)));
        }
        OnnxScorer.Scores expected;
        try (OnnxScorer scorer = OnnxScorer.open(bundle.modelBytes(), "t", W * F, F, 1)) {
            expected = scorer.score(windows.toArray(float[][]::new), windows.size());
        }

        var function = new WindowScoreFunction(bundle.modelBytes(), "t", W, F, 1, 3);
        try (var harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
            harness.open();
            harness.processElement(new StreamRecord<>(batch, 5L));
            List<ScoredRecord> out = harness.extractOutputValues().get(0);

            assertThat(out)
                    .extracting(s -> s.offset)
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
            for (int i = 0; i < W - 1; i++) {
                assertThat(out.get(i).unscored).isTrue();
                assertThat(out.get(i).score).isNaN();
            }
            for (int i = W - 1; i < rows.length; i++) {
                ScoredRecord s = out.get(i);
                assertThat(s.unscored).isFalse();
                assertThat(s.score).isEqualTo(expected.score()[i - W + 1]);
                assertThat(s.topError).hasSize(3);
                assertThat(s.topExpected).hasSize(3);
                // The values an alert shows are the last record's: the one the event is about.
                for (int k = 0; k < 3; k++) {
                    assertThat(s.topValue[k]).isEqualTo(rows[i][s.topIndex[k]]);
                }
            }
        }
    }
}
