package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.io.DecoderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlHistorySourceTest {
    @TempDir Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("history.jsonl");
        Files.write(file, List.of(lines));
        return file;
    }

    private static List<double[]> rows(HistorySource source) throws IOException {
        List<double[]> rows = new ArrayList<>();
        source.forEachRow(rows::add);
        return rows;
    }

    @Test
    void takesFeatureOrderFromFirstRecordAndReadsLaterOnesByName() throws IOException {
        Path file =
                write(
                        "{\"entity\": \"a\", \"ts\": 1, \"features\": {\"temp\": 1.5, \"rpm\": 10}}",
                        "",
                        "{\"entity\": \"b\", \"ts\": 2, \"features\": {\"rpm\": 20, \"temp\": 2.5}}");
        JsonlHistorySource source =
                JsonlHistorySource.open(file, List.of(), DecoderConfig.defaults());
        assertThat(source.featureNames()).containsExactly("temp", "rpm");
        List<double[]> rows = rows(source);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).containsExactly(2.5, 20.0);
        assertThat(source.describe())
                .containsEntry("data.format", "jsonl")
                .containsKey("data.sha256");
    }

    @Test
    void arraysNeedTheFeatureOrder() throws IOException {
        Path file = write("{\"entity\": \"a\", \"features\": [1, 2]}");
        assertThatThrownBy(() -> JsonlHistorySource.open(file, List.of(), DecoderConfig.defaults()))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("--features");
        JsonlHistorySource given =
                JsonlHistorySource.open(file, List.of("x", "y"), DecoderConfig.defaults());
        assertThat(rows(given).get(0)).containsExactly(1.0, 2.0);
    }

    @Test
    void badRecordNamesFileLineAndTheJobsReason() throws IOException {
        Path file =
                write(
                        "{\"entity\": \"a\", \"features\": {\"temp\": 1}}",
                        "{\"entity\": \"a\", \"features\": {\"temp\": NaN}}");
        JsonlHistorySource source =
                JsonlHistorySource.open(file, List.of(), DecoderConfig.defaults());
        assertThatThrownBy(() -> rows(source))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("NOT_FINITE");
    }

    @Test
    void recordsCarryTheirEntityAndTimeIntoWindows() throws IOException {
        List<String> lines = new ArrayList<>();
        // Entities interleaved, a's records out of time order, as a topic may carry them.
        for (int t : new int[] {3, 1, 2, 5, 4}) {
            lines.add(record("a", t * 1000L, t));
            lines.add(record("b", t * 1000L, 10 * t));
        }
        for (int i = 0; i < TrainingData.MIN_ROWS; i++) {
            lines.add(record("c" + i, 0, 0));
        }
        TrainingData data =
                TrainingData.read(
                        JsonlHistorySource.open(
                                write(lines.toArray(String[]::new)),
                                List.of("x"),
                                DecoderConfig.defaults()));

        Windows windows = Windows.of(data, 4);

        assertThat(windows.count()).isEqualTo(4);
        assertThat(windows.gather(data.values(), 1, new int[] {0, 1, 2, 3}))
                .containsExactly(1, 2, 3, 4, 2, 3, 4, 5, 10, 20, 30, 40, 20, 30, 40, 50);
    }

    private static String record(String entity, long ts, double x) {
        return "{\"entity\": \""
                + entity
                + "\", \"ts\": "
                + ts
                + ", \"features\": {\"x\": "
                + x
                + "}}";
    }
}
