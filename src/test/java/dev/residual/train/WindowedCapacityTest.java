package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.model.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The windowed kinds' bottleneck, by default as wide as the principal components of the training
 * windows that explain 95% of their variance, as the dense kinds choose theirs.
 */
class WindowedCapacityTest {
    private static final int WINDOW = 6;
    private static final DenseAutoencoderTrainer.EpochListener QUIET = (e, t, v, r) -> {};

    private static WindowedHistory history() throws Exception {
        return WindowedHistory.of(
                TrainingData.read(new TemporalHistory(3, 200, 3, true, 4)), WINDOW, 0.2, 7);
    }

    private static int explained(WindowedHistory history) {
        return LatentSize.forWindows(
                history.train(), WINDOW, history.scaler(), LatentSize.DEFAULT_FRACTION);
    }

    @Test
    void autoConvChannelsGiveTheBottleneckTheWindowsComponents() {
        ConvAutoencoderTrainer trainer = new ConvAutoencoderTrainer().window(16);
        // 16 steps halve twice to 4: 32 values need 8 channels, 61 need 16, 3 still 2.
        assertThat(trainer.channelsFor(8, 32)).containsExactly(8, 8);
        assertThat(trainer.channelsFor(8, 61)).containsExactly(16, 16);
        assertThat(trainer.channelsFor(8, 3)).containsExactly(8, 2);
        assertThat(new ConvAutoencoderTrainer().window(7).channelsFor(3, 9))
                .as("7 steps halve to 4, then 2")
                .containsExactly(5, 5);
        assertThat(trainer.channels(6, 4).channelsFor(8, 32))
                .as("configured channels win")
                .containsExactly(6, 4);
    }

    @Test
    void autoConvTrainsWithTheChannelsOfTheExplainedVariance() throws Exception {
        WindowedHistory history = history();
        int latent = explained(history);
        ConvAutoencoderTrainer trainer =
                new ConvAutoencoderTrainer().seed(3).window(WINDOW).epochs(2).batchSize(32);
        TrainedConv model = trainer.train(history, QUIET);

        int[] expected = trainer.channelsFor(3, latent);
        assertThat(model.architecture().get("channels")).isEqualTo(expected);
        assertThat(((Number) model.architecture().get("latent_dim")).intValue())
                .isGreaterThanOrEqualTo(latent);
        assertThat(model.summary().provenance())
                .containsEntry("trainer.channelsSetting", "auto")
                .containsEntry("trainer.channels", expected[0] + "," + expected[1]);
    }

    @ParameterizedTest
    @EnumSource(
            value = ModelKind.class,
            names = {"LSTM", "GRU"})
    void autoHiddenSizeIsTheExplainedVarianceOfTheWindows(ModelKind kind) throws Exception {
        WindowedHistory history = history();
        int latent = explained(history);
        RecurrentAutoencoderTrainer trainer =
                new RecurrentAutoencoderTrainer(kind).seed(3).window(WINDOW).epochs(1);
        assertThat(trainer.hiddenSizeFor(history)).isEqualTo(latent);
        TrainedRecurrent model = trainer.train(history, QUIET);
        assertThat(model.architecture().get("hidden_size")).isEqualTo(latent);
        assertThat(model.summary().provenance())
                .containsEntry("trainer.hiddenSizeSetting", "auto")
                .containsEntry("trainer.hiddenSize", Integer.toString(latent));
        assertThat(trainer.hiddenSize(4).hiddenSizeFor(history)).isEqualTo(4);
    }

    @Test
    void autoCapacityKeepsTheSameSeedGivingTheSameModelBytes() throws Exception {
        byte[][] models = new byte[2][];
        for (int i = 0; i < 2; i++) {
            RecurrentAutoencoderTrainer trainer =
                    new RecurrentAutoencoderTrainer(ModelKind.GRU).seed(3).window(WINDOW).epochs(2);
            models[i] =
                    new WindowedRetrain(trainer, 7, 0.2, 0.99)
                            .train(new TemporalHistory(3, 200, 3, true, 4), QUIET)
                            .files()
                            .get(Manifest.MODEL_FILE);
        }
        assertThat(models[0]).isEqualTo(models[1]);
    }
}
