package dev.residual.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * History from a delimited text file with a header line. Every column is a feature except an {@code
 * entity} column and a time column: one named like {@code datetime} or {@code timestamp}, or a
 * first column whose first value is text, neither blank nor a number (SKAB's {@code 2020-02-08
 * 13:30:47}). A blank first value is a missing feature value (a bad row), not a time. A value a
 * float cannot hold (beyond about 3.4e38) is a bad row too: the model trains and serves in float.
 */
public final class CsvHistorySource implements HistorySource {
    private static final Set<String> TIME_COLUMNS =
            Set.of("datetime", "timestamp", "time", "date", "ts");
    private static final String ENTITY_COLUMN = "entity";

    private final Path file;
    private final char delimiter;
    private final Pattern splitter;
    private final List<String> featureNames = new ArrayList<>();
    private final List<Integer> featureColumns = new ArrayList<>();
    private int columns;
    private int entityColumn = -1;
    private int timeColumn = -1;

    private CsvHistorySource(Path file, char delimiter) {
        this.file = file;
        this.delimiter = delimiter;
        this.splitter = Pattern.compile(Pattern.quote(String.valueOf(delimiter)));
    }

    /** Reads the header (and the first row, to recognise a time column) of {@code file}. */
    public static CsvHistorySource open(Path file, char delimiter) throws IOException {
        CsvHistorySource source = new CsvHistorySource(file, delimiter);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || header.isBlank()) {
                throw new HistoryException(file + ": empty file, expected a header line");
            }
            // The first row that forEachRow reads: blank lines are skipped there, so here too.
            String first = reader.readLine();
            while (first != null && first.isBlank()) {
                first = reader.readLine();
            }
            source.chooseColumns(source.split(header), source.split(first));
        }
        return source;
    }

    /**
     * As {@link #open(Path, char)}, keeping only the feature columns {@code features} names, in its
     * order (all of them, in file order, when it is empty).
     *
     * @throws HistoryException naming {@code --features} and the column when the file has no
     *     feature column of a name
     */
    public static CsvHistorySource open(Path file, char delimiter, List<String> features)
            throws IOException {
        CsvHistorySource source = open(file, delimiter);
        if (!features.isEmpty()) {
            source.select(features);
        }
        return source;
    }

    private void select(List<String> names) {
        List<Integer> columns = new ArrayList<>();
        for (String name : names) {
            int f = featureNames.indexOf(name);
            if (f < 0) {
                throw new HistoryException(
                        "--features names '"
                                + name
                                + "', which is not a feature column of "
                                + file
                                + " (its features: "
                                + String.join(", ", featureNames)
                                + ")");
            }
            if (columns.contains(featureColumns.get(f))) {
                throw new HistoryException("--features names '" + name + "' twice");
            }
            columns.add(featureColumns.get(f));
        }
        featureNames.clear();
        featureNames.addAll(names);
        featureColumns.clear();
        featureColumns.addAll(columns);
    }

    private void chooseColumns(String[] header, String[] firstRow) {
        columns = header.length;
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.length; c++) {
            String name = unquote(header[c]);
            if (!seen.add(name)) {
                throw new HistoryException(file + ": the header names column '" + name + "' twice");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            boolean time = TIME_COLUMNS.contains(lower);
            boolean textFirst = c == 0 && firstRow.length > 0 && isText(firstRow[0]);
            if (lower.equals(ENTITY_COLUMN)) {
                entityColumn = c;
            } else if (time || textFirst) {
                timeColumn = timeColumn < 0 ? c : timeColumn;
            } else {
                featureNames.add(name);
                featureColumns.add(c);
            }
        }
        if (featureNames.isEmpty()) {
            throw new HistoryException(
                    file
                            + ": the header names no feature columns (is '"
                            + delimiter
                            + "' the right delimiter?)");
        }
    }

    @Override
    public List<String> featureNames() {
        return List.copyOf(featureNames);
    }

    @Override
    public void forEachRow(RowSink sink) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            reader.readLine();
            long lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = split(line);
                double[] values;
                try {
                    values = parse(cells, lineNumber);
                } catch (BadRow bad) {
                    sink.reject(bad);
                    continue;
                }
                sink.accept(
                        values,
                        entityColumn < 0 ? null : unquote(cells[entityColumn]),
                        timeColumn < 0 ? UNKNOWN_TIME : CsvTimes.parse(unquote(cells[timeColumn])));
            }
        }
    }

    private double[] parse(String[] cells, long lineNumber) {
        if (cells.length != columns) {
            throw error(
                    lineNumber,
                    "wrong column count",
                    "has " + cells.length + " columns, the header has " + columns);
        }
        double[] values = new double[featureColumns.size()];
        for (int f = 0; f < values.length; f++) {
            String cell = cells[featureColumns.get(f)].trim();
            double value;
            try {
                value = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw error(
                        lineNumber,
                        "not a number",
                        featureNames.get(f) + " is not a number: '" + cell + "'");
            }
            if (!Double.isFinite(value)) {
                throw error(
                        lineNumber,
                        "not finite",
                        featureNames.get(f) + " is " + cell + ", not finite");
            }
            if (Math.abs(value) > Float.MAX_VALUE) {
                throw error(
                        lineNumber,
                        "beyond float range",
                        featureNames.get(f) + " is " + cell + ", beyond float range");
            }
            values[f] = value;
        }
        return values;
    }

    private BadRow error(long lineNumber, String reason, String what) {
        return new BadRow(reason, file + ", line " + lineNumber + ": " + what);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data.format", "csv");
        d.put("data.file", String.valueOf(file.getFileName()));
        d.put("data.delimiter", String.valueOf(delimiter));
        d.put("data.sha256", HistorySource.sha256(file));
        return d;
    }

    private String[] split(String line) {
        return line == null ? new String[0] : splitter.split(line, -1);
    }

    private static String unquote(String cell) {
        String t = cell.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** A cell that is neither blank nor a number: a date-time in a first column. */
    private static boolean isText(String cell) {
        String t = cell.trim();
        if (t.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(t);
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
