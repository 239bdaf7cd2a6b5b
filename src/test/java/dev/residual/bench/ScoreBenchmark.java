package dev.residual.bench;

import dev.residual.eval.SyntheticFleet;
import dev.residual.score.OnnxScorer;
import dev.residual.testing.TestModels;
import dev.residual.train.RetrainedModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link OnnxScorer#score} of one batch with a dense model over 38 features, one intra-op thread as
 * in the job. The time is per batch; {@link Jmh} divides it by the batch size.
 */
@State(Scope.Thread)
public class ScoreBenchmark {
    @Param({"1", "16", "64", "256"})
    public int batch;

    private OnnxScorer scorer;
    private float[][] rows;

    @Setup(Level.Trial)
    public void setUp() {
        SyntheticFleet fleet = new SyntheticFleet(DecodeBenchmark.FEATURES, 7);
        RetrainedModel model = TestModels.dense(fleet, 2000);
        int width = DecodeBenchmark.FEATURES;
        scorer = OnnxScorer.open(model.modelOnnx(), "bench", width, width, 1);
        rows = TestModels.rows(fleet, batch, 3);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scorer.close();
    }

    @Benchmark
    public OnnxScorer.Scores score() {
        return scorer.score(rows, batch);
    }
}
