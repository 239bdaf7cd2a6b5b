package dev.residual.cli;

import dev.residual.io.DecoderConfig;
import dev.residual.model.ModelBundle;
import dev.residual.score.LatentEncoder;
import dev.residual.train.CsvHistorySource;
import dev.residual.train.HistoryException;
import dev.residual.train.HistorySource;
import dev.residual.train.JsonlHistorySource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
        List<String> features = b.manifest().features;
        String encoderFile =
                String.valueOf(b.manifest().architecture.getOrDefault("encoder", "encoder.onnx"));
        HistorySource source = source(features);
        int[] order = order(source.featureNames(), features);
        List<float[]> batch = new ArrayList<>(BATCH);
        long[] rows = {0};
        try (LatentEncoder encoder = new LatentEncoder(b.file(encoderFile), features.size());
                Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            boolean[] header = {false};
            source.forEachRow(
                    values -> {
                        float[] row = new float[order.length];
                        for (int f = 0; f < order.length; f++) {
                            row[f] = (float) values[order[f]];
                        }
                        batch.add(row);
                        if (batch.size() == BATCH) {
                            rows[0] += flush(encoder, batch, w, header);
                        }
                    });
            rows[0] += flush(encoder, batch, w, header);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%d rows encoded with %s into %s%n", rows[0], b.manifest().modelId, out);
        stdout.flush();
        return 0;
    }

    private HistorySource source(List<String> features) throws IOException {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JsonlHistorySource.open(input, features, DecoderConfig.defaults());
        }
        return CsvHistorySource.open(input, delimiter);
    }

    /** Where each of the bundle's features sits among the input's columns. */
    private int[] order(List<String> columns, List<String> features) {
        int[] order = new int[features.size()];
        for (int f = 0; f < features.size(); f++) {
            order[f] = columns.indexOf(features.get(f));
            if (order[f] < 0) {
                throw new HistoryException(
                        input
                                + " has no column for the bundle's feature \""
                                + features.get(f)
                                + "\"");
            }
        }
        return order;
    }

    private static int flush(
            LatentEncoder encoder, List<float[]> batch, Writer w, boolean[] header) {
        if (batch.isEmpty()) {
            return 0;
        }
        float[][] latent = encoder.encode(batch.toArray(float[][]::new));
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
                StringBuilder line = new StringBuilder();
                for (int j = 0; j < code.length; j++) {
                    line.append(j == 0 ? "" : ",").append(code[j]);
                }
                w.write(line.append('\n').toString());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int n = batch.size();
        batch.clear();
        return n;
    }
}
