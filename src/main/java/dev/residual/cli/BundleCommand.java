package dev.residual.cli;

import dev.residual.model.BundleWriter;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.LatentEncoder;
import dev.residual.score.OnnxScorer;
import dev.residual.train.Calibration;
import dev.residual.train.CsvHistorySource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code residual bundle}: wraps an autoencoder trained elsewhere (PyTorch, Keras) that meets the
 * scoring contract into a bundle the job serves like its own. The contract is checked by running
 * the graph, the threshold and log-score statistics come from scoring normal rows with it, and
 * nothing is written unless all of that succeeds.
 */
@Command(
        name = "bundle",
        mixinStandardHelpOptions = true,
        description = "Wraps an ONNX autoencoder trained elsewhere into a calibrated bundle.")
public final class BundleCommand implements Callable<Integer> {
    static final String KIND = "external";
    static final String ENCODER_FILE = "encoder.onnx";

    @Option(names = "--onnx", required = true, description = "The scoring graph (model.onnx).")
    private Path onnx;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private FeatureSource featureSource;

    /** The feature order: given, or the feature columns of a CSV header. */
    static final class FeatureSource {
        @Option(
                names = "--features",
                split = ",",
                description = "Feature names in the order of the graph's input.")
        List<String> names;

        @Option(
                names = "--features-from",
                description = "CSV whose feature columns, in order, are the graph's input.")
        Path file;
    }

    @Option(
            names = "--calibration-input",
            required = true,
            description = "Normal rows (CSV or JSON lines) to choose the threshold from.")
    private Path calibrationInput;

    @Option(
            names = "--delimiter",
            defaultValue = ",",
            description = "CSV column delimiter (default: ${DEFAULT-VALUE}).")
    private char delimiter;

    @Option(
            names = "--threshold-quantile",
            defaultValue = "0.999",
            description =
                    "Quantile of the normal scores taken as threshold (default: ${DEFAULT-VALUE}).")
    private double thresholdQuantile;

    @Option(
            names = "--out",
            required = true,
            description = "Models directory; the bundle goes into DIR/external-<yyyyMMdd-HHmmss>.")
    private Path out;

    @Option(names = "--name", description = "Bundle directory name instead of the default.")
    private String name;

    @Option(names = "--publish", description = "Point DIR/CURRENT at the new bundle.")
    private boolean publish;

    @Option(names = "--encoder", description = "Encoder graph (features -> latent) to include.")
    private Path encoder;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<String> features = features();
        byte[] model = Files.readAllBytes(onnx);
        String source = onnx.getFileName().toString();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Manifest.MODEL_FILE, model);
        Manifest m = new Manifest();
        m.kind = KIND;
        m.features = new ArrayList<>(features);
        m.scaler = new Manifest.Scaler();
        m.scaler.type = KIND;
        m.outputs = calibrate(model, source, features, m);
        if (encoder != null) {
            byte[] bytes = Files.readAllBytes(encoder);
            checkEncoder(bytes, features.size());
            files.put(ENCODER_FILE, bytes);
            m.architecture.put("encoder", ENCODER_FILE);
            m.provenance.put("encoder_file", encoder.getFileName().toString());
            m.provenance.put("encoder_sha256", ModelBundle.sha256(bytes));
        }
        // Seconds are enough to tell bundles apart, and the model's hash tells models apart.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String sha = ModelBundle.sha256(model);
        m.created = now.toString();
        m.modelId = KIND + "/" + now + "/" + sha.substring(0, 6);
        m.provenance.put("source_file", source);
        m.provenance.put("source_sha256", sha);
        m.provenance.put("calibration_file", calibrationInput.getFileName().toString());
        String bundleName = name != null ? name : defaultName();
        Path dir = BundleWriter.write(out, bundleName, m, files);
        if (publish) {
            BundleWriter.publish(out, bundleName);
        }
        summarise(spec.commandLine().getOut(), m, dir);
        return 0;
    }

    private List<String> features() throws IOException {
        if (featureSource.file != null) {
            return CsvHistorySource.open(featureSource.file, delimiter).featureNames();
        }
        List<String> names = featureSource.names.stream().map(String::trim).toList();
        if (names.stream().anyMatch(String::isEmpty) || names.size() != Set.copyOf(names).size()) {
            throw new IllegalArgumentException(
                    "--features must be distinct, non-empty names; got " + names);
        }
        return names;
    }

    /**
     * Scores the calibration rows with the graph. Opening the scorer checks the input and output
     * names and shapes; scoring every row checks that the graph runs and yields finite scores.
     *
     * @return the graph's outputs, for the manifest
     */
    private List<String> calibrate(byte[] model, String source, List<String> features, Manifest m)
            throws IOException {
        int width = features.size();
        List<float[]> batches = new ArrayList<>();
        boolean reconstruction;
        try (OnnxScorer scorer = OnnxScorer.open(model, source, width, width, 1)) {
            // A zero row fails fast on a graph that loads but does not run, before any input.
            scorer.score(new float[][] {new float[width]}, 1);
            BundleInput.forEachBatch(
                    calibrationInput,
                    delimiter,
                    features,
                    BundleInput.BATCH,
                    batch -> batches.add(scorer.score(batch, batch.length).score()));
            reconstruction = scorer.hasReconstruction();
        }
        double[] all = finite(batches);
        m.calibration = Calibration.of(all, thresholdQuantile);
        List<String> outputs =
                new ArrayList<>(List.of(OnnxScorer.SCORE, OnnxScorer.FEATURE_ERRORS));
        if (reconstruction) {
            outputs.add(OnnxScorer.RECONSTRUCTION);
        }
        return outputs;
    }

    /** All scores in input order; a NaN or infinite one would make every threshold meaningless. */
    private double[] finite(List<float[]> batches) {
        double[] all = new double[batches.stream().mapToInt(b -> b.length).sum()];
        int i = 0;
        for (float[] batch : batches) {
            for (float s : batch) {
                if (!Float.isFinite(s)) {
                    throw new IllegalArgumentException(
                            onnx.getFileName()
                                    + " gives a score of "
                                    + s
                                    + " on "
                                    + calibrationInput);
                }
                all[i++] = s;
            }
        }
        return all;
    }

    /** Runs the encoder on one row, so that encode fails here rather than on the user's data. */
    private void checkEncoder(byte[] bytes, int features) {
        try (LatentEncoder e = new LatentEncoder(bytes, features)) {
            e.encode(new float[][] {new float[features]});
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    encoder.getFileName() + " is not an encoder of the features: " + e.getMessage(),
                    e);
        }
    }

    private static String defaultName() {
        return KIND
                + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    private void summarise(PrintWriter stdout, Manifest m, Path dir) {
        stdout.printf(
                Locale.ROOT, "bundle     %s%s%n", dir, publish ? " (published as CURRENT)" : "");
        stdout.printf(Locale.ROOT, "model id   %s%n", m.modelId);
        stdout.printf(Locale.ROOT, "outputs    %s%n", String.join(", ", m.outputs));
        stdout.printf(
                Locale.ROOT,
                "threshold  %.6f (q%s of %d normal scores)%n",
                m.calibration.threshold,
                m.calibration.thresholdQuantile,
                m.calibration.rows);
        stdout.printf(Locale.ROOT, "features   %d: %s%n", m.features.size(), m.features);
        stdout.flush();
    }
}
