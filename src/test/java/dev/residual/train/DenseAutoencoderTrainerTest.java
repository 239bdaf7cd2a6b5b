package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DenseAutoencoderTrainerTest {
    private static DenseAutoencoderTrainer trainer() {
        return new DenseAutoencoderTrainer().seed(11).hidden(6, 3).epochs(40).batchSize(64);
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
