package dev.residual.cli;

import dev.residual.io.DecoderConfig;
import dev.residual.model.ModelBundle;
import dev.residual.train.CsvHistorySource;
import dev.residual.train.HistoryException;
import dev.residual.train.HistorySource;
import dev.residual.train.JsonlHistorySource;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * Rows of a CSV or JSON-lines file in a bundle's feature order, in batches: the input of the
 * commands that run a bundle's graphs over a file (encode, denoise); and what they and generate
 * share: the refusal of a bundle behind entity baselines, and the atomic write of --out.
 */
final class BundleInput {
    /** Rows read and written per ONNX Runtime call. */
    static final int BATCH = 1024;

    private BundleInput() {}

    /** The options of a command that runs a bundle over a file and writes CSV. */
    static final class Options {
        @Option(
                names = "--bundle",
                required = true,
                description =
                        "Bundle or models directory; one row at a time, not windowed, not"
                                + " retrained with --entity-baseline.")
        Path bundle;

        @Option(
                names = "--input",
                required = true,
                description = "CSV with a header naming the bundle's features, or JSON lines.")
        Path input;

        @Option(
                names = "--delimiter",
                description = "CSV column delimiter (default: ,); not for JSON lines.")
        Character delimiter;

        @Option(
                names = "--out",
                required = true,
                description =
                        "CSV file to write, not --input; written to a temp file beside it and"
                                + " moved into place once complete.")
        Path out;

        /** The CSV delimiter: --delimiter, else a comma. */
        char delimiter() {
            return delimiter == null ? ',' : delimiter;
        }

        /**
         * Loads --bundle, refusing a windowed one (these commands take one row at a time) and one
         * behind entity baselines.
         */
        ModelBundle load(String command) throws IOException {
            checkFiles();
            ModelBundle b = ModelBundle.load(bundle);
            refuseBaselined(bundle, b, command);
            if (b.manifest().window != 1) {
                throw new IllegalArgumentException(
                        "--bundle "
                                + bundle
                                + " is windowed (window "
                                + b.manifest().window
                                + " rows, kind "
                                + b.manifest().kind
                                + "); this command takes one row at a time");
            }
            return b;
        }

        /** --input a readable file, --delimiter only for CSV, --out another file. */
        private void checkFiles() throws IOException {
            if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
                throw new IllegalArgumentException("--input " + input + ": no such readable file");
            }
            if (isJsonLines(input) && delimiter != null) {
                throw new IllegalArgumentException(
                        "--delimiter is for CSV input; --input " + input + " is JSON lines");
            }
            if (input.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())
                    || Files.exists(out) && Files.isSameFile(input, out)) {
                throw new IllegalArgumentException(
                        "--out "
                                + out
                                + " is --input: the rows would be overwritten as they are read");
            }
            checkOut(out);
        }
    }

    /** --out a file that can be written: not a directory, in a directory that exists. */
    static void checkOut(Path out) {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory, not a file");
        }
        Path dir = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + out + ": no directory " + dir);
        }
    }

    /** What writes a command's CSV into the temp file that becomes --out. */
    interface Body {
        /** Writes the CSV and returns its number of rows. */
        long write(Writer w) throws IOException;
    }

    /**
     * Runs {@code body} into a temp file in {@code out}'s directory and moves it onto {@code out}
     * once complete (atomically, as bundles are), so that a failure leaves an existing {@code out}
     * as it was and a reader never sees half a file.
     */
    static long writeAtomically(Path out, Body body) throws IOException {
        checkOut(out);
        Path temp =
                Files.createTempFile(
                        out.toAbsolutePath().getParent(), "." + out.getFileName(), ".tmp");
        try {
            // A temp file is its owner's alone: the file it replaces keeps who may read it, a new
            // one gets the usual rw-r--r--, as bundle files do.
            if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(
                        temp,
                        Files.exists(out)
                                ? Files.getPosixFilePermissions(out)
                                : PosixFilePermissions.fromString("rw-r--r--"));
            }
            long rows;
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                rows = body.write(w);
            }
            Files.move(
                    temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return rows;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Refuses a bundle trained behind per-entity baselines ({@code retrain --entity-baseline}): its
     * graphs take and give features standardised by each entity's rolling statistics, which only a
     * replay of the entity's history in time order (the job, {@code evaluate}) has, so that rows in
     * and out of {@code command} would be in units of no entity.
     */
    static void refuseBaselined(Path bundle, ModelBundle b, String command) {
        if (b.manifest().entityBaseline != null) {
            throw new IllegalArgumentException(
                    "--bundle "
                            + bundle
                            + " standardises each entity by its own baseline (entity_baseline); "
                            + command
                            + " has no entity history to apply it with and would write"
                            + " standardised units: serve the bundle with the job, or score it"
                            + " with evaluate");
        }
    }

    /**
     * Passes the rows of {@code input} to {@code sink}, {@code batch} at a time, each row in the
     * order of {@code features}, which the input's columns (or JSON names) must all provide.
     *
     * @return the number of rows
     */
    static long forEachBatch(
            Path input, char delimiter, List<String> features, int batch, Consumer<float[][]> sink)
            throws IOException {
        HistorySource source = open(input, delimiter, features);
        int[] order = order(input, source.featureNames(), features);
        List<float[]> rows = new ArrayList<>(batch);
        long[] count = {0};
        source.forEachRow(
                values -> {
                    float[] row = new float[order.length];
                    for (int f = 0; f < order.length; f++) {
                        row[f] = (float) values[order[f]];
                    }
                    rows.add(row);
                    if (rows.size() == batch) {
                        count[0] += pass(rows, sink);
                    }
                });
        return count[0] + pass(rows, sink);
    }

    private static int pass(List<float[]> rows, Consumer<float[][]> sink) {
        int n = rows.size();
        if (n > 0) {
            sink.accept(rows.toArray(float[][]::new));
            rows.clear();
        }
        return n;
    }

    private static HistorySource open(Path input, char delimiter, List<String> features)
            throws IOException {
        if (isJsonLines(input)) {
            return JsonlHistorySource.open(input, features, DecoderConfig.defaults());
        }
        return CsvHistorySource.open(input, delimiter);
    }

    private static boolean isJsonLines(Path input) {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson");
    }

    /** Where each of the bundle's features sits among the input's columns. */
    private static int[] order(Path input, List<String> columns, List<String> features) {
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

    /** One CSV line of the values. */
    static String csvLine(float[] values, int from, int to) {
        StringBuilder line = new StringBuilder();
        for (int j = from; j < to; j++) {
            line.append(j == from ? "" : ",").append(values[j]);
        }
        return line.append('\n').toString();
    }
}
