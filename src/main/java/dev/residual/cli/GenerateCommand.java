package dev.residual.cli;

import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.FloatGraph;
import dev.residual.train.OnnxExport;
import dev.residual.train.PriorSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code residual generate}: synthetic rows from a variational autoencoder, latent codes drawn from
 * its prior N(0, I) and decoded by the bundle's decoder.onnx into feature units. Only the
 * variational kind has a prior to draw from; any other bundle is refused.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Writes rows decoded from draws of a VAE's prior (decoder.onnx, feature units)"
                        + " as CSV.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(
            names = "--bundle",
            required = true,
            description =
                    "Bundle or models directory of kind vae, not retrained with"
                            + " --entity-baseline.")
    private Path bundle;

    @Option(
            names = "--count",
            required = true,
            description =
                    "Rows to generate, from 1 to 2147483647; drawn and written a batch at a"
                            + " time.")
    private long count;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the draws; the same seed gives the same rows (default: 0).")
    private long seed;

    @Option(
            names = "--out",
            description =
                    "CSV file to write, through a temp file beside it moved into place once"
                            + " complete (default: standard output).")
    private Path out;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // Read as a long: an int option would take 3000000000 as -1294967296 without a word.
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "--count must be from 1 to " + Integer.MAX_VALUE + ", got " + count);
        }
        if (out != null) {
            BundleInput.checkOut(out);
        }
        ModelBundle b = ModelBundle.load(bundle);
        Manifest m = b.manifest();
        BundleInput.refuseBaselined(bundle, b, "generate");
        Object decoderFile = m.architecture.get("decoder");
        if (decoderFile == null) {
            throw new IllegalArgumentException(
                    String.format(
                            "model %s (kind %s) cannot generate: only vae bundles have a decoder",
                            m.modelId, m.kind));
        }
        int latent = ((Number) m.architecture.get("latent_dim")).intValue();
        PrintWriter stdout = spec.commandLine().getOut();
        try (FloatGraph decoder =
                new FloatGraph(
                        b.file(String.valueOf(decoderFile)),
                        "the decoder",
                        OnnxExport.LATENT,
                        OnnxExport.INPUT,
                        latent)) {
            if (out == null) {
                // Standard output belongs to the command line: written to, never closed.
                write(decoder, latent, m, stdout);
            } else {
                BundleInput.writeAtomically(
                        out,
                        w -> {
                            write(decoder, latent, m, w);
                            return count;
                        });
                stdout.printf("%d rows generated with %s into %s%n", count, m.modelId, out);
            }
        }
        stdout.flush();
        return 0;
    }

    /** The header of feature names, then the decoded rows, a batch of draws at a time. */
    private void write(FloatGraph decoder, int latent, Manifest m, Writer w) throws IOException {
        w.write(String.join(",", m.features) + "\n");
        SplittableRandom random = new SplittableRandom(seed);
        for (long start = 0; start < count; start += BundleInput.BATCH) {
            int n = (int) Math.min(BundleInput.BATCH, count - start);
            float[] codes = PriorSample.draw(n, latent, random);
            float[][] batch = new float[n][];
            for (int r = 0; r < n; r++) {
                batch[r] = Arrays.copyOfRange(codes, r * latent, (r + 1) * latent);
            }
            for (float[] row : decoder.run(batch)) {
                w.write(BundleInput.csvLine(row, 0, row.length));
            }
        }
    }
}
