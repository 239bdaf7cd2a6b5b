package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecurrentWindowsTest {
    @Test
    void windowsEndOnlyWhereTheirRowsAreInOneSegment() {
        // Segments [0, 5), [5, 7), [7, 12): the middle one is shorter than a window.
        int[] ends = RecurrentWindows.ends(12, new int[] {0, 5, 7}, 3);
        assertThat(ends).containsExactly(2, 3, 4, 9, 10, 11);
    }

    @Test
    void aWindowIsItsRowsTimeMajorOldestFirst() {
        float[] values = new float[12];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        // Six rows of two features; the window of three rows ending at row 4 is rows 2, 3, 4.
        float[] window = RecurrentWindows.gather(values, 2, 3, new int[] {4});
        assertThat(window).containsExactly(4, 5, 6, 7, 8, 9);
    }

    @Test
    void trainingAndValidationWindowsShareNoRow() {
        int rows = 2000;
        int w = 8;
        RecurrentWindows.Partition p =
                RecurrentWindows.split(rows, new int[] {0, 700, 1300}, w, 0.2, 3);
        BitSet train = rowsOf(p.train(), w);
        BitSet validation = rowsOf(p.validation(), w);
        assertThat(train.intersects(validation)).isFalse();
        assertThat(p.validation().length).isBetween(250, 550);
        // Only the windows across a block boundary are lost: at most W - 1 of every block.
        int all = RecurrentWindows.ends(rows, new int[] {0, 700, 1300}, w).length;
        int blocks = (rows / RecurrentWindows.blockRows(rows, w)) + 3;
        assertThat(p.train().length + p.validation().length)
                .isGreaterThanOrEqualTo(all - blocks * (w - 1));
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherADifferentOne() {
        RecurrentWindows.Partition a = RecurrentWindows.split(3000, new int[] {0}, 16, 0.2, 7);
        RecurrentWindows.Partition b = RecurrentWindows.split(3000, new int[] {0}, 16, 0.2, 7);
        RecurrentWindows.Partition c = RecurrentWindows.split(3000, new int[] {0}, 16, 0.2, 8);
        assertThat(a.validation()).isEqualTo(b.validation());
        assertThat(Arrays.equals(a.validation(), c.validation())).isFalse();
    }

    @Test
    void historyTooShortForTwoBlocksIsRefusedNamingTheWindow() {
        assertThatThrownBy(() -> RecurrentWindows.split(40, new int[] {0}, 16, 0.2, 1))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("40 rows give 25 windows of 16 rows")
                .hasMessageContaining("--window");
    }

    @Test
    void entitiesAreOrderedByTimeAndGapsStartSegments() throws Exception {
        TrainingData data = TrainingData.read(new TemporalHistory(3, 100, 2, true, 1));
        RowKeys.Sequences s = data.sequences();
        // Entity 0 (rows 0, 3, 6, ...) first, its hour-long gap at step 50, then entities 1 and 2.
        assertThat(s.segmentStarts()).containsExactly(0, 50, 100, 200);
        assertThat(Arrays.copyOfRange(s.order(), 0, 3)).containsExactly(0, 3, 6);
        assertThat(s.order()[100]).isEqualTo(1);
        assertThat(s.entities()).isEqualTo(3);
    }

    /** Records from a topic or JSON lines carry their entity and event time to the windows. */
    @Test
    void decodedRecordsAreWindowedByTheirEntityAndEventTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.jsonl");
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int t = 0; t < 30; t++) {
            // Pump b's records arrive newest first; their event times put them back in order.
            int tb = 29 - t;
            lines.add(record("a", t, t));
            lines.add(record("b", tb, 100 + tb));
        }
        java.nio.file.Files.write(file, lines);
        TrainingData data =
                TrainingData.read(
                        JsonlHistorySource.open(
                                file,
                                java.util.List.of(),
                                dev.residual.io.DecoderConfig.defaults()));
        RowKeys.Sequences s = data.sequences();
        assertThat(s.segmentStarts()).containsExactly(0, 30);
        float[] ordered = s.reorder(data.values(), 1);
        for (int i = 0; i < 30; i++) {
            assertThat(ordered[i]).isEqualTo(i);
            assertThat(ordered[30 + i]).isEqualTo(100 + i);
        }
    }

    private static String record(String entity, int second, int value) {
        return "{\"entity\": \""
                + entity
                + "\", \"ts\": "
                + (1_700_000_000_000L + 1000L * second)
                + ", \"features\": {\"v\": "
                + value
                + "}}";
    }

    @Test
    void rowsWithoutEntityOrTimeStayInSourceOrderAsOneSegment() throws Exception {
        TrainingData data = TrainingData.read(new SyntheticHistory(50, 3, 1, 0.1, 2));
        RowKeys.Sequences s = data.sequences();
        assertThat(s.segmentStarts()).containsExactly(0);
        assertThat(s.order()[49]).isEqualTo(49);
    }

    @Test
    void csvTimesAreReadInTheFormatsHistoryComesIn() {
        long t = 1_581_168_647_000L;
        assertThat(CsvTimes.parse("2020-02-08 13:30:47")).isEqualTo(t);
        assertThat(CsvTimes.parse("2020-02-08T13:30:47")).isEqualTo(t);
        assertThat(CsvTimes.parse("2020-02-08T13:30:47Z")).isEqualTo(t);
        assertThat(CsvTimes.parse("2020-02-08T14:30:47+01:00")).isEqualTo(t);
        assertThat(CsvTimes.parse("1581168647")).isEqualTo(t);
        assertThat(CsvTimes.parse("1581168647000")).isEqualTo(t);
        assertThat(CsvTimes.parse("t17")).isEqualTo(HistorySource.NO_TIME);
    }

    private static BitSet rowsOf(int[] ends, int w) {
        BitSet rows = new BitSet();
        for (int end : ends) {
            rows.set(end - w + 1, end + 1);
        }
        return rows;
    }
}
