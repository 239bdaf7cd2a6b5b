package dev.residual.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained convolutional autoencoder: the network of the best epoch, its scaler, how its score
 * reduces the window and the summary every kind's bundle needs. The gap limit its windows were cut
 * with is recorded by {@link WindowedHistory#describe}, as for every windowed kind.
 *
 * @param network the network of the epoch with the lowest validation loss
 * @param windowScore how score and feature_errors reduce the window
 * @param summary losses, counts (of windows) and provenance; its dense network is null
 */
public record TrainedConv(
        ConvAutoencoder network, WindowScore windowScore, TrainedAutoencoder summary)
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
        a.put("onnx_opset", OnnxExport.opset());
        a.put("encoder", Retrain.ENCODER_FILE);
        return a;
    }
}
