package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.OnnxScorer;
import dev.residual.testing.TestModels;
import dev.residual.train.RetrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCommandTest {
    @TempDir Path dir;

    private final CliRun cli = new CliRun();
    private final RetrainedModel trained = TestModels.dense();
    private final List<String> features = TestModels.FLEET.featureNames();
    private Path model;
    private Path encoder;
    private Path normal;
    private Path models;

    /** The trained model's graphs, written out as if they came from elsewhere. */
    @BeforeEach
    void aModelFromElsewhere() throws Exception {
        model = Files.write(dir.resolve("from-torch.onnx"), trained.modelOnnx());
        encoder =
                Files.write(dir.resolve("torch-encoder.onnx"), trained.files().get("encoder.onnx"));
        normal = dir.resolve("normal.csv");
        TestModels.FLEET.writeHistoryCsv(normal, List.of("a", "b"), 300, 0, 1000);
        models = dir.resolve("models");
    }

    /** Runs the bundle command on {@code graph}, calibrated on {@code rows}, into models. */
    private int wrap(
            Path graph, String featureOption, String featureValue, Path rows, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "bundle",
                                "--onnx",
                                graph.toString(),
                                featureOption,
                                featureValue,
                                "--calibration-input",
                                rows.toString(),
                                "--out",
                                models.toString()));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void wrapsAModelThatScoresLikeTheOriginal() throws Exception {
        int code =
                wrap(
                        model,
                        "--features-from",
                        normal.toString(),
                        normal,
                        "--threshold-quantile",
                        "0.99",
                        "--name",
                        "wrapped",
                        "--publish",
                        "--encoder",
                        encoder.toString());

        assertThat(code).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("published as CURRENT").contains("threshold");
        ModelBundle b = ModelBundle.load(models);
        Manifest m = b.manifest();
        assertThat(b.dir().getFileName()).hasToString("wrapped");
        assertThat(m.kind).isEqualTo("external");
        assertThat(m.modelId)
                .matches(
                        "external/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ/"
                                + ModelBundle.sha256(trained.modelOnnx()).substring(0, 6));
        assertThat(m.features).isEqualTo(features);
        assertThat(m.outputs).isEqualTo(trained.manifest().outputs);
        assertThat(m.scaler.location).isEqualTo("graph");
        assertThat(m.scaler.mean).isNull();
        assertThat(m.calibration.rows).isEqualTo(600);
        assertThat(m.calibration.thresholdQuantile).isEqualTo(0.99);
        assertThat(m.calibration.threshold).isPositive();
        assertThat(m.calibration.quantiles).containsKey("0.999");
        assertThat(m.calibration.logMean).isNotNull();
        assertThat(m.calibration.logStd).isPositive();
        assertThat(m.files).containsKeys("model.onnx", "encoder.onnx");
        assertThat(m.provenance)
                .containsEntry("source_file", "from-torch.onnx")
                .containsEntry("source_sha256", ModelBundle.sha256(trained.modelOnnx()));
        assertThat(m.provenance.values().toString()).doesNotContain(dir.toString());
        assertScoresLikeTheOriginal(b);
    }

    private void assertScoresLikeTheOriginal(ModelBundle b) {
        float[][] rows = TestModels.rows(20, 7);
        int f = features.size();
        try (OnnxScorer wrapped = OnnxScorer.open(b.modelBytes(), "wrapped", f, f, 1);
                OnnxScorer original = OnnxScorer.open(trained.modelOnnx(), "original", f, f, 1)) {
            assertThat(wrapped.score(rows, rows.length).score())
                    .containsExactly(original.score(rows, rows.length).score());
        }
    }

    @Test
    void refusesTheEncoderGraphByTheMissingScore() {
        int code = wrap(encoder, "--features", String.join(",", features), normal);

        assertThat(code).isNotZero();
        assertThat(cli.err.toString().strip())
                .contains("does not meet the scoring contract")
                .contains("'score'")
                .doesNotContain("\n");
        assertThat(models).doesNotExist();
    }

    @Test
    void refusesAFeatureListOfTheWrongWidth() {
        int code =
                wrap(
                        model,
                        "--features",
                        String.join(",", features.subList(0, features.size() - 1)),
                        normal);

        assertThat(code).isNotZero();
        assertThat(cli.err.toString())
                .contains("input 'features' of shape [N, " + (features.size() - 1) + "]")
                .contains(String.valueOf(features.size()));
        assertThat(models).doesNotExist();
    }

    @Test
    void refusesCalibrationRowsWithoutAFeature() throws Exception {
        Path partial = dir.resolve("partial.csv");
        Files.writeString(partial, String.join(",", features.subList(1, features.size())) + "\n");
        int code = wrap(model, "--features", String.join(",", features), partial);

        assertThat(code).isNotZero();
        assertThat(cli.err.toString()).contains("no column for the bundle's feature");
        assertThat(models).doesNotExist();
    }
}
