package dev.residual.train;

import dev.residual.model.Manifest;
import dev.residual.score.EntityBaseline;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained, exported, parity-checked and calibrated model, not yet written: the network, the
 * manifest (without file checksums, which the writer adds) and the bundle's files.
 *
 * @param model the trained network
 * @param manifest the manifest to write
 * @param files bundle file name to bytes (model.onnx, encoder.onnx; report.html is added on
 *     writing)
 * @param validationScores ONNX Runtime's scores of the validation rows, which calibration used
 * @param featureErrors mean squared error of each feature on the validation rows, in scaled units
 * @param latent the validation rows' latent codes in two dimensions, for the report's scatter
 */
public record RetrainedModel(
        TrainedAutoencoder model,
        Manifest manifest,
        Map<String, byte[]> files,
        double[] validationScores,
        double[] featureErrors,
        LatentProjection latent) {
    /** Copies the file map so that the record cannot be changed through it. */
    public RetrainedModel {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /**
     * This model, its manifest recording that it was trained behind {@code baseline} (from {@link
     * BaselinedHistory}), so that the job standardises what it scores the same way; unchanged for
     * null.
     */
    public RetrainedModel behind(EntityBaseline baseline) {
        if (baseline != null) {
            manifest.entityBaseline = baseline.toManifest();
        }
        return this;
    }

    /** The bytes of model.onnx. */
    public byte[] modelOnnx() {
        return files.get(Manifest.MODEL_FILE);
    }
}
