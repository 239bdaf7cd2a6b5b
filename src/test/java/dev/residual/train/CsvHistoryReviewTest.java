package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training-data handling of ordinary CSV defects: a blank cell, a value past float's range. */
class CsvHistoryReviewTest {
    @TempDir Path dir;

    /** 100 rows of two numeric features, the first row as given. */
    private Path csv(String firstRow) throws IOException {
        StringBuilder s = new StringBuilder("a,b\n").append(firstRow).append('\n');
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            s.append(random.nextDouble()).append(',').append(random.nextDouble()).append('\n');
        }
        Path file = dir.resolve("history.csv");
        Files.writeString(file, s);
        return file;
    }

    @Test
    void aBlankFirstCellDoesNotTurnAFeatureIntoATimeColumn() throws IOException {
        // The first row misses its 'a' value: a bad row to skip, not a reason to drop column a.
        CsvHistorySource source = CsvHistorySource.open(csv(",0.5"), ',');
        assertThat(source.featureNames()).containsExactly("a", "b");
    }

    @Test
    void aValueBeyondFloatRangeIsNotTrainedOnAsInfinity() throws IOException {
        // 1e39 is a finite double but Infinity as the float the model trains and serves at.
        TrainingData data = TrainingData.read(CsvHistorySource.open(csv("1e39,0.5"), ','));
        for (float v : data.values()) {
            assertThat(Float.isFinite(v)).as("every training value is finite").isTrue();
        }
    }
}
