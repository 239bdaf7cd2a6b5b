package dev.residual.cli;

import dev.residual.model.ModelBundle;
import dev.residual.score.LatentEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code residual encode}: the latent code of every input row from a bundle's encoder.onnx, as CSV,
 * in input order: the autoencoder as a dimensionality reduction or feature extractor.
 */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        description = "Writes the latent vectors of the input rows (encoder.onnx) as CSV.")
public final class EncodeCommand implements Callable<Integer> {
    @Mixin private BundleInput.Options io;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelBundle b = io.load("encode");
        List<String> features = b.manifest().features;
        String encoderFile =
                String.valueOf(b.manifest().architecture.getOrDefault("encoder", "encoder.onnx"));
        long rows;
        try (LatentEncoder encoder = new LatentEncoder(b.file(encoderFile), features.size())) {
            boolean[] header = {false};
            rows =
                    BundleInput.writeAtomically(
                            io.out,
                            w ->
                                    BundleInput.forEachBatch(
                                            io.input,
                                            io.delimiter(),
                                            features,
                                            BundleInput.BATCH,
                                            batch -> write(encoder.encode(batch), w, header)));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%d rows encoded with %s into %s%n", rows, b.manifest().modelId, io.out);
        stdout.flush();
        return 0;
    }

    private static void write(float[][] latent, Writer w, boolean[] header) {
        try {
            if (!header[0]) {
                List<String> names = new ArrayList<>();
                for (int j = 0; j < latent[0].length; j++) {
                    names.add("latent_" + j);
                }
                w.write(String.join(",", names) + "\n");
                header[0] = true;
            }
            for (float[] code : latent) {
                w.write(BundleInput.csvLine(code, 0, code.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
