package dev.residual.cli;

import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.OnnxScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code residual denoise}: each input row as the autoencoder reconstructs it, in feature units:
 * what the model expects the row to be, which removes the noise it has learned to ignore.
 */
@Command(
        name = "denoise",
        mixinStandardHelpOptions = true,
        description =
                "Writes the reconstruction of every input row (model.onnx's reconstruction"
                        + " output, in feature units) as CSV, with its score.")
public final class DenoiseCommand implements Callable<Integer> {
    private static final int BATCH = 1024;

    @Option(names = "--bundle", required = true, description = "Bundle or models directory.")
    private Path bundle;

    @Option(
            names = "--input",
            required = true,
            description = "CSV with a header naming the bundle's features, or JSON lines.")
    private Path input;

    @Option(
            names = "--delimiter",
            defaultValue = ",",
            description = "CSV column delimiter (default: ${DEFAULT-VALUE}).")
    private char delimiter;

    @Option(names = "--out", required = true, description = "CSV file to write.")
    private Path out;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelBundle b = ModelBundle.load(bundle);
        Manifest m = b.manifest();
        int f = m.features.size();
        long rows;
        try (OnnxScorer scorer = OnnxScorer.open(b.modelBytes(), m.modelId, m.inputWidth(), f, 1);
                Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            if (!scorer.hasReconstruction()) {
                throw new IllegalArgumentException(
                        "model " + m.modelId + " has no reconstruction output to denoise with");
            }
            w.write(String.join(",", m.features) + ",score\n");
            rows =
                    BundleInput.forEachBatch(
                            input,
                            delimiter,
                            m.features,
                            BATCH,
                            batch -> write(scorer.score(batch, batch.length), f, w));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%d rows reconstructed with %s into %s%n", rows, m.modelId, out);
        stdout.flush();
        return 0;
    }

    private static void write(OnnxScorer.Scores scores, int f, Writer w) {
        try {
            for (int i = 0; i < scores.score().length; i++) {
                String line = BundleInput.csvLine(scores.reconstruction(), i * f, (i + 1) * f);
                w.write(line.substring(0, line.length() - 1) + "," + scores.score()[i] + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
