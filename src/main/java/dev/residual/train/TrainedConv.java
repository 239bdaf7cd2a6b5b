package dev.residual.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained convolutional autoencoder: the network of the best epoch, its scaler, how its score
 * reduces the window, the summary every kind's bundle needs, and the gap limit its windows were cut
 * with.
 *
 * @param network the network of the epoch with the lowest validation loss
 * @param windowScore how score and feature_errors reduce the window
 * @param summary losses, counts (of windows) and provenance; its dense network is null
 * @param windowGapMillis the longest step in time within a training window
 */
public record TrainedConv(
        ConvAutoencoder network,
        WindowScore windowScore,
        TrainedAutoencoder summary,
        long windowGapMillis)
        implements WindowedNetwork {
    @Override
    public byte[] scoringModel() {
        return ConvOnnxExport.scoringModel(
                network, summary.scaler(), windowScore, summary.provenance());
    }

    @Override
    public byte[] encoderModel() {
        return ConvOnnxExport.encoderModel(network, summary.scaler(), summary.provenance());
    }

    @Override
    public AutoencoderScorer.Result score(float[] windows) {
        return new ConvScorer(network, summary.scaler(), windowScore).score(windows);
    }

    @Override
    public Map<String, Object> architecture() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "convolutional-autoencoder");
        a.put("window", network.window());
        a.put("channels", network.channels());
        a.put("kernel", Conv1dLayer.KERNEL);
        a.put("stride", Conv1dLayer.STRIDE);
        a.put("latent_dim", network.latentWidth());
        a.put("activation", network.activation().label());
        a.put("output_activation", "linear");
        a.put("window_gap_ms", windowGapMillis);
        a.put("onnx_opset", OnnxExport.opset());
        a.put("encoder", Retrain.ENCODER_FILE);
        return a;
    }
}
