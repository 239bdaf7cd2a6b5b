package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkippedRowsTest {
    @TempDir Path dir;

    /** A CSV of {@code rows} good rows, with a bad row after every {@code badEvery} good ones. */
    private Path history(int rows, int badEvery) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c\n");
        Random r = new Random(1);
        for (int i = 1; i <= rows; i++) {
            double z = r.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%f,%f,%f%n", z, -z, r.nextGaussian()));
            if (badEvery > 0 && i % badEvery == 0) {
                csv.append(i % (2 * badEvery) == 0 ? "1,oops,2\n" : "1,2\n");
            }
        }
        Path file = dir.resolve("h.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void fewBadRowsAreSkippedAndCountedByReason() throws IOException {
        TrainingData data = TrainingData.read(CsvHistorySource.open(history(1000, 250), ','));
        assertThat(data.rows()).isEqualTo(1000);
        assertThat(data.source())
                .containsEntry("data.skipped.not a number", "2")
                .containsEntry("data.skipped.wrong column count", "2")
                .containsEntry("data.skipped.first", "line 252: has 2 columns, the header has 3");
    }

    @Test
    void manyBadRowsRefuseTheHistoryWithTheCounts() throws IOException {
        Path file = history(1000, 20);
        assertThatThrownBy(() -> TrainingData.read(CsvHistorySource.open(file, ',')))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("50 of 1050 rows cannot be used")
                .hasMessageContaining("not a number=25")
                .hasMessageContaining("line 22");
    }

    @Test
    void aCleanHistoryRecordsNoSkips() throws IOException {
        TrainingData data = TrainingData.read(CsvHistorySource.open(history(100, 0), ','));
        assertThat(data.source().keySet()).noneMatch(k -> k.startsWith("data.skipped"));
    }
}
