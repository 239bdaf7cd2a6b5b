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
    void scoresEveryRecordOfABatchInOrderAndKeepsItsSourceAndTopFeatures() throws Exception {
        float[][] rows = TestModels.rows(40, 7);
        List<FeatureRecord> batch = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            batch.add(new FeatureRecord("m-" + (i % 3), 1000L + i, rows[i], "features", i % 2, i));
        }
        OnnxScorer.Scores expected;
        try (OnnxScorer scorer = OnnxScorer.open(TestModels.dense().modelOnnx(), "t", 8, 8, 1)) {
            expected = scorer.score(rows, rows.length);
        }
        var function = new ScoreFunction(TestModels.dense().modelOnnx(), "t", 8, 1, 3);
        try (var harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
            harness.open();
            // A full batch, then a shorter one: the second reuses the buffers of the first.
            for (int[] range : new int[][] {{0, rows.length}, {5, 12}}) {
                harness.processElement(new StreamRecord<>(batch.subList(range[0], range[1]), 5L));
                List<List<ScoredRecord>> out = harness.extractOutputValues();
                List<ScoredRecord> scored = out.get(out.size() - 1);
                assertThat(scored).hasSize(range[1] - range[0]);
                for (int j = 0; j < scored.size(); j++) {
                    int i = range[0] + j;
                    ScoredRecord s = scored.get(j);
                    assertThat(s.entity).isEqualTo(batch.get(i).entity);
                    assertThat(s.ts).isEqualTo(batch.get(i).ts);
                    assertThat(s.topic).isEqualTo("features");
                    assertThat(s.partition).isEqualTo(i % 2);
                    assertThat(s.offset).isEqualTo(i);
                    assertThat(s.score).isEqualTo(expected.score()[i]);
                    ScoredRecord reference =
                            ScoredRecord.of(
                                    batch.get(i),
                                    expected.score()[i],
                                    expected.featureErrors(),
                                    expected.reconstruction(),
                                    i * 8,
                                    8,
                                    3);
                    assertThat(s).usingRecursiveComparison().isEqualTo(reference);
                    assertThat(s.topIndex).hasSize(3);
                    assertThat(s.topValue[0]).isEqualTo(rows[i][s.topIndex[0]]);
                }
            }
        }
    }
}
