package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowsTest {
    private static final long NONE = HistorySource.UNKNOWN_TIME;

    @Test
    void windowsSlideOverConsecutiveRowsOfOneEntity() {
        Windows w = Windows.of(new String[5], new long[] {NONE, NONE, NONE, NONE, NONE}, 3, 10);

        assertThat(w.count()).isEqualTo(3);
        assertThat(new int[] {w.row(0, 0), w.row(0, 1), w.row(0, 2)}).containsExactly(0, 1, 2);
        assertThat(w.lastRow(2)).isEqualTo(4);
    }

    @Test
    void rowsAreOrderedByTimeWithinTheirEntityAndNeverMixEntities() {
        String[] entities = {"a", "b", "a", "b", "a", "b", "a"};
        long[] times = {40, 10, 10, 20, 30, 30, 20};

        Windows w = Windows.of(entities, times, 3, Long.MAX_VALUE);

        // a: rows 2 (t10), 6 (t20), 4 (t30), 0 (t40); b: rows 1, 3, 5.
        assertThat(w.count()).isEqualTo(3);
        assertThat(rows(w, 0)).containsExactly(2, 6, 4);
        assertThat(rows(w, 1)).containsExactly(6, 4, 0);
        assertThat(rows(w, 2)).containsExactly(1, 3, 5);
    }

    @Test
    void aGapInTimeStartsANewWindow() {
        long[] times = {0, 1000, 2000, 3000, 60_000, 61_000, 62_000};

        Windows w = Windows.of(new String[7], times, 3, 5_000);

        assertThat(w.count()).isEqualTo(3);
        assertThat(rows(w, 1)).containsExactly(1, 2, 3);
        assertThat(rows(w, 2)).containsExactly(4, 5, 6);
    }

    @Test
    void theAutomaticGapIsTenTypicalSteps() {
        long[] times = {0, 1000, 2000, 3000, 60_000, 61_000};

        assertThat(Windows.autoGap(new String[6], times)).isEqualTo(10_000);
        assertThat(Windows.autoGap(new String[2], new long[] {NONE, NONE}))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void gatherFlattensTimeMajorOldestFirst() {
        float[] values = {0, 1, 10, 11, 20, 21, 30, 31};
        Windows w = Windows.of(new String[4], new long[] {3, 2, 1, 0}, 2, Long.MAX_VALUE);

        float[] x = w.gather(values, 2, new int[] {0, 2});

        // Time runs against row order here: the oldest row is the last one.
        assertThat(x).containsExactly(30, 31, 20, 21, 10, 11, 0, 1);
    }

    @Test
    void aWindowLongerThanEveryRunGivesNoWindows() {
        assertThat(Windows.of(new String[] {"a", "b"}, new long[] {1, 1}, 2, 10).count()).isZero();
        assertThatThrownBy(() -> Windows.of(new String[1], new long[1], 0, 10))
                .hasMessageContaining("window must be at least 1");
    }

    @Test
    void theSplitHoldsOutBlocksAndNoTrainingWindowSharesARowWithThem() {
        String[] entities = new String[1000];
        for (int r = 0; r < entities.length; r++) {
            entities[r] = "e" + r % 2;
        }
        long[] times = new long[1000];
        Arrays.fill(times, HistorySource.UNKNOWN_TIME);
        Windows w = Windows.of(entities, times, 5, Long.MAX_VALUE);

        Split split = w.split(0.2, 3);

        Set<Integer> validationRows = new HashSet<>();
        for (int v : split.validation()) {
            for (int t = 0; t < 5; t++) {
                validationRows.add(w.row(v, t));
            }
        }
        for (int t : split.train()) {
            for (int s = 0; s < 5; s++) {
                assertThat(validationRows).doesNotContain(w.row(t, s));
            }
        }
        // 992 windows in 25 blocks of 40, 5 held out; each costs at most 8 purged neighbours.
        assertThat(split.validationRows()).isEqualTo(200);
        assertThat(split.trainRows()).isBetween(992 - 200 - 5 * 8, 992 - 200 - 5 * 4);
        assertThat(w.split(0.2, 3).validation()).containsExactly(split.validation());
    }

    @Test
    void historyIsWindowedEntityByEntityInTimeOrderAndGapsStartSegments() throws Exception {
        // Three entities interleaved row by row; entity 0's clock jumps an hour at step 50.
        TrainingData data = TrainingData.read(new TemporalHistory(3, 100, 2, true, 1));

        Windows w = Windows.of(data, 4);

        assertThat(w.entities()).isEqualTo(3);
        assertThat(w.segments()).isEqualTo(4);
        assertThat(rows(w, 0)).containsExactly(0, 3, 6, 9);
        // Each segment of n rows gives n - 3 windows: none crosses the gap or an entity.
        assertThat(w.count()).isEqualTo(47 + 47 + 97 + 97);
    }

    @Test
    void theRowsOfWindowsAreEachCountedOnce() {
        Windows w = Windows.of(new String[6], new long[6], 3, Long.MAX_VALUE);

        assertThat(w.rows(new int[] {0, 1, 3})).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(w.rows(new int[] {1})).containsExactly(1, 2, 3);
    }

    @Test
    void tooFewWindowsToTrainAreRefusedNamingTheWindow() throws Exception {
        TrainingData data = TrainingData.read(new TemporalHistory(2, 20, 2, false, 1));

        assertThatThrownBy(() -> Windows.forTraining(data, 16))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("gives 10 windows of --window 16");
    }

    private static int[] rows(Windows w, int window) {
        int[] r = new int[w.window()];
        for (int t = 0; t < r.length; t++) {
            r[t] = w.row(window, t);
        }
        return r;
    }
}
