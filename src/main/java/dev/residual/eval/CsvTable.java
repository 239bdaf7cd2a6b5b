package dev.residual.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CSV file read whole: its header and its cells, split on one delimiter (no quoting: benchmark
 * files have none). A row of the wrong width fails with the file and line.
 */
final class CsvTable {
    final Path file;
    final List<String> header;
    final List<String[]> rows = new ArrayList<>();

    private CsvTable(Path file, List<String> header) {
        this.file = file;
        this.header = header;
    }

    static CsvTable read(Path file, char delimiter) throws IOException {
        Pattern split = Pattern.compile(Pattern.quote(String.valueOf(delimiter)));
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null || first.isBlank()) {
                throw new IllegalArgumentException(file + ": empty, a header row is needed");
            }
            String[] names = split.split(first.replace("\uFEFF", ""), -1);
            CsvTable t = new CsvTable(file, Arrays.stream(names).map(String::trim).toList());
            int line = 1;
            for (String s = in.readLine(); s != null; s = in.readLine()) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                String[] cells = split.split(s, -1);
                if (cells.length != names.length) {
                    throw new IllegalArgumentException(
                            String.format(
                                    "%s line %d: %d values, the header has %d (delimiter '%s')",
                                    file, line, cells.length, names.length, delimiter));
                }
                t.rows.add(cells);
            }
            return t;
        }
    }

    /** The index of {@code name} in the header, -1 if absent. */
    int column(String name) {
        return header.indexOf(name);
    }

    /** The number in a cell; a bad one fails with file, line and column. */
    double number(int row, int col) {
        String cell = rows.get(row)[col].trim();
        try {
            double v = Double.parseDouble(cell);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                String.format(
                        "%s line %d: column '%s' is not a finite number: '%s'",
                        file, row + 2, header.get(col), cell));
    }

    /** A 0/1 label cell (0.0 and 1.0 too); anything else fails with file, line and column. */
    boolean flag(int row, int col) {
        double v = number(row, col);
        if (v != 0 && v != 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s line %d: column '%s' must be 0 or 1, got %s",
                            file, row + 2, header.get(col), rows.get(row)[col]));
        }
        return v == 1;
    }
}
