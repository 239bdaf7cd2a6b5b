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
}
