package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of fc25d18 (a blank first cell no longer makes column 0 a time column): the time column is
 * recognised from the line after the header as read, blank or not, while the rows themselves skip
 * blank lines. A blank line after the header splits into one blank cell, which is now "not text",
 * so a SKAB-style first column of date-times under a header not in the time names ("recorded")
 * becomes a feature, and every row is bad ("recorded is not a number").
 */
class CsvFirstRowReviewTest {
    @TempDir Path dir;

    @Test
    void aBlankLineAfterTheHeaderDoesNotTurnTheTimeColumnIntoAFeature() throws IOException {
        StringBuilder s = new StringBuilder("recorded,a,b\n\n");
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            s.append(String.format("2020-02-08 13:%02d:%02d", i / 60, i % 60))
                    .append(',')
                    .append(random.nextDouble())
                    .append(',')
                    .append(random.nextDouble())
                    .append('\n');
        }
        Path file = dir.resolve("history.csv");
        Files.writeString(file, s);

        CsvHistorySource source = CsvHistorySource.open(file, ',');

        assertThat(source.featureNames()).containsExactly("a", "b");
    }
}
