package dev.residual.train;

import java.util.Map;

/**
 * A trained windowed network (convolutional or recurrent) as {@link WindowedRetrain} exports,
 * checks and bundles it: its graphs, its Java forward pass and its description.
 */
public interface WindowedNetwork {
    /** Losses, counts (of windows) and provenance; its dense network is null. */
    TrainedAutoencoder summary();

    /** model.onnx: [N, W*F] raw windows, time-major, to score, feature_errors, reconstruction. */
    byte[] scoringModel();

    /** encoder.onnx: [N, W*F] raw windows to the latent code. */
    byte[] encoderModel();

    /** The Java forward pass of both graphs on raw windows: what their export must reproduce. */
    AutoencoderScorer.Result score(float[] windows);

    /** The manifest's architecture. */
    Map<String, Object> architecture();
}
