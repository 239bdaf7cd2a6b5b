package dev.residual.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Readers of labelled data with their protocols, which decide the training rows before any label is
 * read into the set:
 *
 * <ul>
 *   <li>SKAB: every {@code *.csv} under the directory with an {@code anomaly} column, one entity
 *       per file, {@code ;}-separated; the first 400 rows of each file train, the rest test.
 *   <li>ODDS: one CSV of i.i.d. rows ({@code f0..fN,label}); a seeded 60/40 shuffle split as in
 *       PyOD's benchmark; the 60% train without their labels, as PyOD fits on them.
 *   <li>csv: a file (or a directory of one file per entity), an optional {@code entity} column, a
 *       {@code label} column, an optional time column, and a {@code split} column ({@code
 *       train}/{@code test}) or the first N rows of each entity to train.
 *   <li>normal: a CSV of normal operation only, no label column (SKAB's anomaly-free file): cut
 *       into slices of consecutive rows, each an entity whose first N rows train; every row is
 *       normal, so the only figures that apply are false alarms. Settings chosen on it are chosen
 *       without reading a label of a test set.
 * </ul>
 */
public final class Benchmarks {
    /** SKAB's leaderboard trains on the first 400 rows of each file. */
    public static final int SKAB_TRAIN_ROWS = 400;

    static final List<String> TIME_COLUMNS = List.of("datetime", "timestamp", "ts", "time");
    private static final DateTimeFormatter SKAB_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final long IID_STEP_MILLIS = 1000;
    private static final long IID_START_MILLIS = 1_600_000_000_000L;

    private Benchmarks() {}

    /** SKAB's labelled files under {@code dir}. */
    public static LabelledSet skab(Path dir) throws IOException {
        List<Path> files = csvFiles(dir);
        List<LabelledSet.Entity> entities = new ArrayList<>();
        List<String> features = null;
        for (Path f : files) {
            CsvTable t = CsvTable.read(f, ';');
            if (t.column("anomaly") < 0) {
                continue;
            }
            String name = fileEntity(dir, f);
            List<String> these = featureColumns(t, List.of("anomaly", "changepoint"));
            if (features != null && !features.equals(these)) {
                throw new IllegalArgumentException(f + ": features " + these + ", not " + features);
            }
            features = these;
            entities.add(entity(t, name, these, headRows(t.rows.size(), SKAB_TRAIN_ROWS)));
        }
        if (features == null) {
            throw new IllegalArgumentException(
                    "--data " + dir + ": no SKAB file (a CSV with an 'anomaly' column) under it");
        }
        return new LabelledSet("skab", features, entities, true);
    }

    /** An ODDS CSV, split {@code trainFraction}/rest at random with {@code seed}. */
    public static LabelledSet odds(Path file, double trainFraction, long seed) throws IOException {
        CsvTable t = CsvTable.read(file, ',');
        int label = requireColumn(t, "label");
        List<String> features = featureColumns(t, List.of("label"));
        int n = t.rows.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        int trainCount = (int) Math.round(n * trainFraction);
        // The stream: the training rows, then the test rows, one second apart.
        long[] ts = new long[n];
        float[][] rows = new float[n][];
        boolean[] train = new boolean[n];
        boolean[] anomaly = new boolean[n];
        int[] cols = columns(t, features);
        for (int k = 0; k < n; k++) {
            int r = order.get(k);
            ts[k] = IID_START_MILLIS + k * IID_STEP_MILLIS;
            rows[k] = values(t, r, cols);
            train[k] = k < trainCount;
            anomaly[k] = t.flag(r, label);
        }
        String name = file.getFileName().toString().replaceAll("\\.csv$", "");
        EntityRows er = new EntityRows(name, ts, rows, train);
        return new LabelledSet(
                name,
                features,
                List.of(new LabelledSet.Entity(er, anomaly, new boolean[n])),
                false);
    }

    /**
     * The generic form: {@code data} a CSV file or a directory of them (one per entity). Training
     * rows from a {@code split} column, else the first {@code trainRows} of each entity. An entity
     * is named by its file's path under {@code data} without {@code .csv} (as SKAB's, so that
     * {@code valve1/1} and {@code valve2/1} stay two), or by its {@code entity} value, after that
     * path when a directory has more than one file; a name that comes twice is refused, since
     * verdicts are kept by entity name.
     */
    public static LabelledSet csv(Path data, char delimiter, Integer trainRows) throws IOException {
        List<Path> files = Files.isDirectory(data) ? csvFiles(data) : List.of(data);
        List<LabelledSet.Entity> entities = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> features = null;
        for (Path f : files) {
            CsvTable t = CsvTable.read(f, delimiter);
            requireColumn(t, "label");
            int split = t.column("split");
            if (split < 0 && trainRows == null) {
                throw new IllegalArgumentException(
                        f
                                + ": no 'split' column; give --train-rows N to train on each entity's first N rows");
            }
            List<String> these =
                    featureColumns(t, List.of("label", "split", "entity", "changepoint"));
            features = features == null ? these : features;
            int entity = t.column("entity");
            String fileName = fileEntity(data, f);
            for (List<Integer> rowsOf : groupRows(t, entity)) {
                String value = entity < 0 ? null : t.rows.get(rowsOf.get(0))[entity].trim();
                String name =
                        value == null
                                ? fileName
                                : files.size() > 1 ? fileName + "/" + value : value;
                if (!names.add(name)) {
                    throw new IllegalArgumentException(
                            String.format(
                                    "--data %s: two streams of rows are both entity '%s' (%s);"
                                            + " every entity's rows must come once",
                                    data, name, f));
                }
                boolean[] train = new boolean[rowsOf.size()];
                for (int k = 0; k < train.length; k++) {
                    train[k] = split >= 0 ? isTrain(t, rowsOf.get(k), split) : k < trainRows;
                }
                entities.add(entity(t, rowsOf, name, features, train));
            }
        }
        if (features == null) {
            throw new IllegalArgumentException("--data " + data + ": no CSV file");
        }
        return new LabelledSet("csv", features, entities, false);
    }

    /**
     * Normal data only: {@code file} (no label column) cut into slices of {@code sliceRows}
     * consecutive rows, each one entity whose first {@code trainRows} rows train and whose every
     * row is normal; a last slice shorter than {@code sliceRows} is left out, so that every entity
     * has as many test rows. {@code features}: the columns to read, in this order (a labelled
     * set's), or null for every numeric column.
     */
    public static LabelledSet normal(
            Path file, char delimiter, List<String> features, int trainRows, int sliceRows)
            throws IOException {
        if (trainRows < 1 || sliceRows <= trainRows) {
            throw new IllegalArgumentException(
                    "a slice of normal data must hold its training rows and at least one more: got"
                            + " --train-rows "
                            + trainRows
                            + ", --slice-rows "
                            + sliceRows);
        }
        CsvTable t = CsvTable.read(file, delimiter);
        for (String labelled : List.of("label", "anomaly")) {
            if (t.column(labelled) >= 0) {
                throw new IllegalArgumentException(
                        file
                                + ": has a '"
                                + labelled
                                + "' column; --dataset normal reads normal operation only");
            }
        }
        if (features == null) {
            features = featureColumns(t, List.of("changepoint", "entity", "split"));
        }
        String fileName = file.getFileName().toString().replaceAll("\\.csv$", "");
        List<LabelledSet.Entity> entities = new ArrayList<>();
        for (int start = 0; start + sliceRows <= t.rows.size(); start += sliceRows) {
            List<Integer> rowsOf = new ArrayList<>();
            for (int r = start; r < start + sliceRows; r++) {
                rowsOf.add(r);
            }
            entities.add(
                    entity(
                            t,
                            rowsOf,
                            fileName + "#" + (start / sliceRows),
                            features,
                            headRows(sliceRows, trainRows)));
        }
        if (entities.isEmpty()) {
            throw new IllegalArgumentException(
                    file + ": fewer than --slice-rows " + sliceRows + " rows");
        }
        return new LabelledSet(fileName + " (normal)", features, entities, false);
    }

    /** The name of {@code file}'s entity: its path under {@code data}, without {@code .csv}. */
    private static String fileEntity(Path data, Path file) {
        Path relative = file.equals(data) ? file.getFileName() : data.relativize(file);
        return relative.toString().replaceAll("\\.csv$", "");
    }

    private static boolean isTrain(CsvTable t, int row, int col) {
        String v = t.rows.get(row)[col].trim();
        if (!v.equals("train") && !v.equals("test")) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s line %d: column 'split' must be train or test, got '%s'",
                            t.file, row + 2, v));
        }
        return v.equals("train");
    }

    private static List<List<Integer>> groupRows(CsvTable t, int entity) {
        java.util.Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (int r = 0; r < t.rows.size(); r++) {
            String key = entity < 0 ? "" : t.rows.get(r)[entity].trim();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return new ArrayList<>(groups.values());
    }

    private static boolean[] headRows(int n, int head) {
        boolean[] train = new boolean[n];
        for (int i = 0; i < Math.min(n, head); i++) {
            train[i] = true;
        }
        return train;
    }

    private static LabelledSet.Entity entity(
            CsvTable t, String name, List<String> features, boolean[] train) {
        List<Integer> all = new ArrayList<>();
        for (int r = 0; r < t.rows.size(); r++) {
            all.add(r);
        }
        return entity(t, all, name, features, train);
    }

    private static LabelledSet.Entity entity(
            CsvTable t, List<Integer> rowsOf, String name, List<String> features, boolean[] train) {
        int n = rowsOf.size();
        int label = t.column("anomaly") >= 0 ? t.column("anomaly") : t.column("label");
        int cp = t.column("changepoint");
        int time = timeColumn(t);
        int[] cols = columns(t, features);
        long[] ts = new long[n];
        float[][] rows = new float[n][];
        boolean[] anomaly = new boolean[n];
        boolean[] changepoint = new boolean[n];
        for (int k = 0; k < n; k++) {
            int r = rowsOf.get(k);
            ts[k] = time < 0 ? IID_START_MILLIS + k * IID_STEP_MILLIS : time(t, r, time);
            if (k > 0 && ts[k] < ts[k - 1]) {
                throw new IllegalArgumentException(
                        String.format(
                                "%s line %d: time goes back; rows of an entity must be in time order",
                                t.file, r + 2));
            }
            rows[k] = values(t, r, cols);
            // No label column: normal data (the readers that need labels require the column).
            anomaly[k] = label >= 0 && t.flag(r, label);
            changepoint[k] = cp >= 0 && t.flag(r, cp);
        }
        return new LabelledSet.Entity(new EntityRows(name, ts, rows, train), anomaly, changepoint);
    }

    private static long time(CsvTable t, int row, int col) {
        String v = t.rows.get(row)[col].trim();
        try {
            if (v.matches("-?\\d+")) {
                return Long.parseLong(v);
            }
            if (v.contains("T")) {
                return java.time.Instant.parse(v.endsWith("Z") ? v : v + "Z").toEpochMilli();
            }
            return LocalDateTime.parse(v, SKAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s line %d: column '%s' is not epoch millis, ISO-8601 or"
                                    + " 'yyyy-MM-dd HH:mm:ss': '%s'",
                            t.file, row + 2, t.header.get(col), v),
                    e);
        }
    }

    private static int timeColumn(CsvTable t) {
        for (String name : TIME_COLUMNS) {
            if (t.column(name) >= 0) {
                return t.column(name);
            }
        }
        return -1;
    }

    private static List<String> featureColumns(CsvTable t, List<String> notFeatures) {
        List<String> out = new ArrayList<>();
        for (String h : t.header) {
            if (!notFeatures.contains(h) && !TIME_COLUMNS.contains(h) && !h.equals("anomaly")) {
                out.add(h);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(t.file + ": no feature columns");
        }
        return out;
    }

    private static int requireColumn(CsvTable t, String name) {
        int c = t.column(name);
        if (c < 0) {
            throw new IllegalArgumentException(
                    t.file + ": no '" + name + "' column (header " + t.header + ")");
        }
        return c;
    }

    private static int[] columns(CsvTable t, List<String> names) {
        int[] cols = new int[names.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = requireColumn(t, names.get(i));
        }
        return cols;
    }

    private static float[] values(CsvTable t, int row, int[] cols) {
        float[] v = new float[cols.length];
        for (int i = 0; i < cols.length; i++) {
            v[i] = (float) t.number(row, cols[i]);
        }
        return v;
    }

    private static List<Path> csvFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data " + dir + " is not a directory");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".csv"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }
}
