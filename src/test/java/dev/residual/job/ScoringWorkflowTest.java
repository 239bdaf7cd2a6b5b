package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.cli.Residual;
import dev.residual.eval.SyntheticFleet;
import dev.residual.model.BundleWriter;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.testing.TestModels;
import dev.residual.train.RetrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScoringWorkflowTest {
    @TempDir Path dir;

    private static final JobSettings SETTINGS =
            JobSettings.from(
                    new Configuration(),
                    JobArguments.parse("--bundle", "x", "--kafka.bootstrap-servers", "k:1"));

    private ModelBundle bundle(String name, Consumer<Manifest> change, byte[] model)
            throws Exception {
        RetrainedModel trained = TestModels.dense();
        Manifest m = Manifest.fromJson(trained.manifest().toJson());
        change.accept(m);
        Map<String, byte[]> files = new LinkedHashMap<>(trained.files());
        files.put(Manifest.MODEL_FILE, model == null ? trained.modelOnnx() : model);
        return ModelBundle.load(BundleWriter.write(dir, name, m, files));
    }

    @Test
    void servesTheBundleRetrainWrites() throws Exception {
        ModelBundle b = bundle("ok", m -> {}, null);
        assertThatCode(() -> ScoringWorkflow.checkServable(b, SETTINGS)).doesNotThrowAnyException();
    }

    @Test
    void servesAModelFromElsewhereWrappedByTheBundleCommand() throws Exception {
        RetrainedModel trained = TestModels.dense();
        Path onnx = Files.write(dir.resolve("keras.onnx"), trained.modelOnnx());
        Path normal = dir.resolve("normal.csv");
        TestModels.FLEET.writeHistoryCsv(normal, List.of("m"), 200, 0, 1000);
        int code =
                Residual.commandLine()
                        .execute(
                                "bundle",
                                "--onnx",
                                onnx.toString(),
                                "--features",
                                String.join(",", TestModels.FLEET.featureNames()),
                                "--calibration-input",
                                normal.toString(),
                                "--out",
                                dir.resolve("models").toString(),
                                "--publish");

        assertThat(code).isZero();
        ModelBundle b = ModelBundle.load(dir.resolve("models"));
        assertThatCode(() -> ScoringWorkflow.checkServable(b, SETTINGS)).doesNotThrowAnyException();
        assertThat(SETTINGS.globalThreshold(b.manifest()))
                .isGreaterThanOrEqualTo(b.manifest().calibration.threshold);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense", "denoising", "vae"})
    void servesEveryKindRetrainWrites(String kind) throws Exception {
        SyntheticFleet fleet = new SyntheticFleet(6, 9);
        Path models =
                TestModels.retrain(
                        fleet,
                        SyntheticFleet.entities(2),
                        400,
                        Files.createDirectories(dir.resolve(kind)),
                        "--kind",
                        kind,
                        "--epochs",
                        "5");
        ModelBundle b = ModelBundle.load(models);
        assertThatCode(() -> ScoringWorkflow.checkServable(b, SETTINGS)).doesNotThrowAnyException();
    }

    @Test
    void refusesAWindowedBundleAtStart() throws Exception {
        ModelBundle b = bundle("windowed", m -> m.window = 10, null);
        assertThatThrownBy(() -> ScoringWorkflow.checkServable(b, SETTINGS))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("window 10");
    }

    @Test
    void refusesAScalerOutsideTheGraph() throws Exception {
        ModelBundle b = bundle("scaler", m -> m.scaler.location = "manifest", null);
        assertThatThrownBy(() -> ScoringWorkflow.checkServable(b, SETTINGS))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("scaler");
    }

    @Test
    void refusesAGraphThatBreaksTheContractBeforeDeployment() throws Exception {
        byte[] encoder = TestModels.dense().files().get("encoder.onnx");
        ModelBundle b = bundle("encoder", m -> {}, encoder);
        assertThatThrownBy(() -> ScoringWorkflow.checkServable(b, SETTINGS))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("cannot be scored")
                .hasMessageContaining("score");
    }
}
