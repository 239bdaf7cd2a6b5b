package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DenseAutoencoderTrainerTest {
    private static final DenseAutoencoderTrainer.EpochListener QUIET = (e, t, v, r) -> {};

    private static DenseAutoencoderTrainer trainer() {
        return new DenseAutoencoderTrainer().seed(11).hidden(6, 3).epochs(40).batchSize(64);
    }

    private static Retrain retrain() {
        return new Retrain(trainer(), 11, 0.2, 0.995);
    }

    @Test
    void sameSeedAndDataGiveIdenticalModelBytes() throws IOException {
        SyntheticHistory history = new SyntheticHistory(600, 8, 3, 0.05, 1);
        Retrain small = new Retrain(trainer().epochs(5), 11, 0.2, 0.995);
        byte[] first = small.train(history, QUIET).modelOnnx();
        byte[] second = small.train(history, QUIET).modelOnnx();
        assertThat(second).isEqualTo(first);
        byte[] otherSeed =
                new Retrain(trainer().epochs(5).seed(12), 11, 0.2, 0.995)
                        .train(history, QUIET)
                        .modelOnnx();
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void learnsCorrelatedStructureFarBelowTheMeanBaseline() throws IOException {
        TrainedAutoencoder model =
                retrain().train(new SyntheticHistory(2000, 8, 3, 0.05, 2), QUIET).model();
        // Predicting the training mean scores 1.0 in scaled units; a rank-3 latent code recovers
        // almost everything of rank-3 data.
        double last = model.validationLoss().get(model.epochsRun() - 1);
        assertThat(last).isLessThan(0.1);
        assertThat(model.validationLoss().get(0)).isGreaterThan(last);
    }

    @Test
    void anomalousRowsScoreHigherThanNormalOnes() throws IOException {
        SyntheticHistory history = new SyntheticHistory(2000, 8, 3, 0.05, 3);
        RetrainedModel retrained = retrain().train(history, QUIET);
        double[][] normal = new SyntheticHistory(200, 8, 3, 0.05, 3, 33).rows();
        double[][] broken = new double[normal.length][];
        for (int r = 0; r < normal.length; r++) {
            broken[r] = normal[r].clone();
            // Break the correlation: one feature moves by a few of its own standard deviations.
            int f = r % 8;
            broken[r][f] += 4 * retrained.model().scaler().std()[f];
        }
        AutoencoderScorer scorer = retrained.model().scorer();
        double[] normalScores = scorer.scores(SyntheticHistory.toFloats(normal));
        double[] brokenScores = scorer.scores(SyntheticHistory.toFloats(broken));
        double threshold = retrained.manifest().calibration.threshold;
        int caught = 0;
        for (int r = 0; r < normal.length; r++) {
            assertThat(brokenScores[r]).isGreaterThan(normalScores[r]);
            caught += brokenScores[r] > threshold ? 1 : 0;
        }
        assertThat(caught).isGreaterThan(normal.length * 9 / 10);
    }

    @Test
    void toStringAndProvenanceListTheHyperparameters() throws IOException {
        DenseAutoencoderTrainer trainer = trainer().weightDecay(0.001);
        assertThat(trainer.toString())
                .contains("seed=11", "hidden=6,3", "activation=tanh", "weightDecay=0.001");
        TrainingData data = TrainingData.read(new SyntheticHistory(100, 4, 2, 0.1, 4));
        assertThat(trainer.provenance(data, new int[] {6, 3}))
                .containsEntry("trainer.class", DenseAutoencoderTrainer.class.getName())
                .containsEntry("trainer.seed", "11")
                .containsEntry("trainer.hidden", "6,3")
                .containsEntry("data.format", "synthetic")
                .containsKey("trainer.optimiser");
    }
}
