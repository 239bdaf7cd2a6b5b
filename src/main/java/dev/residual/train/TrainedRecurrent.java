package dev.residual.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained recurrent autoencoder: the network of the best epoch, how its score reduces the window,
 * and the summary (scaler, feature order, loss curves, provenance) that every kind's bundle needs.
 *
 * @param network the encoder-decoder of the epoch with the lowest validation loss
 * @param windowScore how score and feature_errors reduce the window
 * @param summary losses, counts (of windows) and provenance; its dense network is null
 */
public record TrainedRecurrent(
        RecurrentAutoencoder network, WindowScore windowScore, TrainedAutoencoder summary)
        implements WindowedNetwork {
    /** A scorer running this network's Java forward pass. */
    public RecurrentScorer scorer() {
        return new RecurrentScorer(network, summary.scaler(), windowScore);
    }

    @Override
    public byte[] scoringModel() {
        return RecurrentOnnxExport.scoringModel(this);
    }

    @Override
    public byte[] encoderModel() {
        return RecurrentOnnxExport.encoderModel(this);
    }

    @Override
    public AutoencoderScorer.Result score(float[] windows) {
        return scorer().score(windows);
    }

    @Override
    public Map<String, Object> architecture() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "recurrent-autoencoder");
        a.put("cell", network.kind().label());
        a.put("window", network.window());
        a.put("window_score", windowScore.label());
        a.put("hidden_size", network.hidden());
        a.put("latent_dim", network.hidden());
        a.put("decoder", "dense");
        a.put("onnx_opset", OnnxExport.opset());
        a.put("encoder", Retrain.ENCODER_FILE);
        return a;
    }
}
