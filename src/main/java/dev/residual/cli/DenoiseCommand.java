package dev.residual.cli;

import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.OnnxScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
    @Mixin private BundleInput.Options io;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelBundle b = io.load("denoise");
        Manifest m = b.manifest();
        int f = m.features.size();
        long rows;
        try (OnnxScorer scorer = OnnxScorer.open(b.modelBytes(), m.modelId, m.inputWidth(), f, 1)) {
            if (!scorer.hasReconstruction()) {
                throw new IllegalArgumentException(
                        "model " + m.modelId + " has no reconstruction output to denoise with");
            }
            rows =
                    BundleInput.writeAtomically(
                            io.out,
                            w -> {
                                w.write(String.join(",", m.features) + ",score\n");
                                return BundleInput.forEachBatch(
                                        io.input,
                                        io.delimiter(),
                                        m.features,
                                        BundleInput.BATCH,
                                        batch -> write(scorer.score(batch, batch.length), f, w));
                            });
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%d rows reconstructed with %s into %s%n", rows, m.modelId, io.out);
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
