package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.FeatureRecord;
import dev.residual.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ScoreFunctionTest {
    @Test
    void scoresEveryRecordOfABatchInOrderAndKeepsItsSource() throws Exception {
        float[][] rows = TestModels.rows(40, 7);
        List<FeatureRecord> batch = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            batch.add(new FeatureRecord("m-" + (i % 3), 1000L + i, rows[i], "features", i % 2, i));
        }
        float[] expected;
        try (OnnxScorer scorer = OnnxScorer.open(TestModels.dense().modelOnnx(), "t", 8, 8, 1)) {
            expected = scorer.score(rows, rows.length).score();
        }
        var function = new ScoreFunction(TestModels.dense().modelOnnx(), "t", 8, 1);
        try (var harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
            harness.open();
            harness.processElement(new StreamRecord<>(batch, 5L));
            List<List<ScoredRecord>> out = harness.extractOutputValues();
            assertThat(out).hasSize(1);
            List<ScoredRecord> scored = out.get(0);
            assertThat(scored).hasSize(rows.length);
            for (int i = 0; i < rows.length; i++) {
                assertThat(scored.get(i).record.entity).isEqualTo(batch.get(i).entity);
                assertThat(scored.get(i).record.offset).isEqualTo(i);
                assertThat(scored.get(i).record.features).containsExactly(rows[i]);
                assertThat(scored.get(i).score).isEqualTo(expected[i]);
                assertThat(scored.get(i).featureErrors).hasSize(8);
                assertThat(scored.get(i).expected).hasSize(8);
            }
        }
    }
}
