package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.cli.Residual;
import dev.residual.eval.SyntheticFleet;
import dev.residual.model.BundleWriter;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.EntityBaseline;
import dev.residual.testing.TestModels;
import dev.residual.testing.WindowedTestModels;
import dev.residual.train.RetrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
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

    @TempDir static Path shared;
    private static Path windowed;

    /** A windowed bundle (W = 4) of the test fleet, trained once for the class. */
    @BeforeAll
    static void trainWindowed() {
        windowed = WindowedTestModels.write(TestModels.FLEET, List.of("m"), 300, 4, shared);
    }

    @Test
    void servesAWindowedBundle() throws Exception {
        ModelBundle b = ModelBundle.load(windowed);
        assertThat(b.manifest().window).isEqualTo(4);
        assertThatCode(() -> ScoringWorkflow.checkServable(b, SETTINGS)).doesNotThrowAnyException();
    }

    @Test
    void refusesAWindowedBundleWithoutItsReductionOverTheWindow() throws Exception {
        ModelBundle b = bundle("no-window-score", m -> m.window = 10, null);
        assertThatThrownBy(() -> ScoringWorkflow.checkServable(b, SETTINGS))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("window 10")
                .hasMessageContaining("window_score");
    }

    @Test
    void refusesAWindowTheGraphDoesNotTake() throws Exception {
        // A pointwise graph declared as taking windows of 10: its input is F wide, not 10 F.
        ModelBundle b =
                bundle(
                        "wrong-width",
                        m -> {
                            m.window = 10;
                            m.windowScore = "last";
                        },
                        null);
        assertThatThrownBy(() -> ScoringWorkflow.checkServable(b, SETTINGS))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("cannot be scored")
                .hasMessageContaining("[N, 80]");
    }

    @Test
    void windowedGraphShufflesOnceAndChainsScoringToTheThreshold() throws Exception {
        JobGraph graph = jobGraph(ModelBundle.load(windowed));
        assertThat(shuffles(graph)).isEqualTo(1);
        assertThat(graph.getVertices())
                .anyMatch(
                        v ->
                                v.getName().contains("window")
                                        && v.getName().contains("score")
                                        && v.getName().contains("threshold")
                                        && v.getName().contains("anomalies"));
    }

    @Test
    void pointwiseGraphShufflesOnceBeforeTheThreshold() throws Exception {
        JobGraph graph = jobGraph(bundle("pointwise", m -> {}, null));
        assertThat(shuffles(graph)).isEqualTo(1);
        assertThat(graph.getVertices())
                .noneMatch(v -> v.getName().contains("window"))
                .anyMatch(v -> v.getName().contains("threshold") && !v.getName().contains("score"));
    }

    @Test
    void baselinedGraphShufflesOnceToTheBaselineAndChainsScoringToTheThreshold() throws Exception {
        ModelBundle b = bundle("baselined", m -> m.entityBaseline = BASELINE.toManifest(), null);
        assertThatCode(() -> ScoringWorkflow.checkServable(b, SETTINGS)).doesNotThrowAnyException();
        JobGraph graph = jobGraph(b);
        assertThat(shuffles(graph)).isEqualTo(1);
        assertThat(graph.getVertices())
                .noneMatch(v -> v.getName().contains("window"))
                .anyMatch(
                        v ->
                                v.getName().contains("baseline")
                                        && v.getName().contains("score")
                                        && v.getName().contains("threshold"));
    }

    @Test
    void windowedBaselinedGraphShufflesOnceAndChainsBaselineWindowScoreAndThreshold()
            throws Exception {
        ModelBundle w = ModelBundle.load(windowed);
        Manifest m = Manifest.fromJson(w.manifest().toJson());
        m.entityBaseline = BASELINE.toManifest();
        ModelBundle b =
                ModelBundle.load(
                        BundleWriter.write(
                                dir,
                                "windowed-baselined",
                                m,
                                Map.of(Manifest.MODEL_FILE, w.modelBytes())));
        assertThatCode(() -> ScoringWorkflow.checkServable(b, SETTINGS)).doesNotThrowAnyException();
        JobGraph graph = jobGraph(b);
        assertThat(shuffles(graph)).isEqualTo(1);
        assertThat(graph.getVertices())
                .anyMatch(
                        v ->
                                v.getName().contains("baseline")
                                        && v.getName().contains("window")
                                        && v.getName().contains("score")
                                        && v.getName().contains("threshold"));
    }

    @Test
    void refusesAWrongBaseline() throws Exception {
        ModelBundle wrong =
                bundle(
                        "wrong-baseline",
                        m -> {
                            m.entityBaseline = BASELINE.toManifest();
                            m.entityBaseline.clip = -1;
                        },
                        null);
        assertThatThrownBy(() -> ScoringWorkflow.checkServable(wrong, SETTINGS))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("entity_baseline")
                .hasMessageContaining("clip");
    }

    private static final EntityBaseline BASELINE = new EntityBaseline(100, 3_600_000L, 3);

    private static JobGraph jobGraph(ModelBundle bundle) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        ScoringJob.build(env, atLeastOnce(bundle, "--kafka.starting-offsets", "earliest"));
        return env.getStreamGraph().getJobGraph();
    }

    private static JobSettings atLeastOnce(ModelBundle bundle, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bundle",
                                bundle.dir().toString(),
                                "--kafka.bootstrap-servers",
                                "k:1",
                                "--delivery.guarantee",
                                "at-least-once"));
        args.addAll(List.of(more));
        return JobSettings.from(
                new Configuration(), JobArguments.parse(args.toArray(String[]::new)));
    }

    /**
     * Without checkpoints the source commits nothing unless the Kafka consumer auto-commits, so a
     * start from the committed offsets would read the whole topic at every submission.
     */
    @Test
    void atLeastOnceWithoutCheckpointsFromCommittedOffsetsNeedsAutoCommit() throws Exception {
        ModelBundle b = bundle("ok", m -> {}, null);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        assertThatThrownBy(() -> ScoringJob.build(env, atLeastOnce(b)))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("delivery.guarantee at-least-once without checkpointing")
                .hasMessageContaining("execution.checkpointing.interval")
                .hasMessageContaining("kafka.properties.enable.auto.commit true")
                .hasMessageContaining("kafka.starting-offsets earliest or latest");
        assertThatCode(
                        () ->
                                ScoringJob.build(
                                        env,
                                        atLeastOnce(
                                                b,
                                                "--kafka.properties.enable.auto.commit",
                                                "true")))
                .doesNotThrowAnyException();
    }

    /**
     * The refusal needs enable.auto.commit to be true, not merely present. With
     * kafka.properties.enable.auto.commit=false the Flink source leaves commits to a consumer told
     * not to commit, so no offsets are ever committed, the case the check exists to refuse (and its
     * message tells the user to set it "true").
     */
    @Test
    void atLeastOnceWithoutCheckpointsIsRefusedWhenAutoCommitIsSetToFalse() throws Exception {
        ModelBundle b = bundle("ok", m -> {}, null);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        assertThatThrownBy(
                        () ->
                                ScoringJob.build(
                                        env,
                                        atLeastOnce(
                                                b,
                                                "--kafka.properties.enable.auto.commit",
                                                "false")))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("delivery.guarantee at-least-once without checkpointing");
    }

    /** Edges that repartition records by key. */
    private static long shuffles(JobGraph graph) {
        long hash = 0;
        for (JobVertex v : graph.getVertices()) {
            for (JobEdge e : v.getInputs()) {
                if ("HASH".equals(e.getShipStrategyName())) {
                    hash++;
                }
            }
        }
        return hash;
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
