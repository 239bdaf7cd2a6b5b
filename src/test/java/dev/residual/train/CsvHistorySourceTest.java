package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvHistorySourceTest {
    @TempDir Path dir;

    private Path csv(String content) throws IOException {
        Path file = dir.resolve("history.csv");
        Files.writeString(file, content);
        return file;
    }

    private static List<double[]> rows(CsvHistorySource source) throws IOException {
        List<double[]> rows = new ArrayList<>();
        source.forEachRow(rows::add);
        return rows;
    }

    @Test
    void skabStyleDatetimeColumnIsNotAFeature() throws IOException {
        Path file = csv("datetime;a;b\n2020-02-08 13:30:47;0.5;1\n2020-02-08 13:30:48;0.25;2\n");
        CsvHistorySource source = CsvHistorySource.open(file, ';');
        assertThat(source.featureNames()).containsExactly("a", "b");
        assertThat(rows(source)).containsExactly(new double[] {0.5, 1}, new double[] {0.25, 2});
    }

    @Test
    void nonNumericFirstColumnAndEntityColumnAreNotFeatures() throws IOException {
        Path file = csv("when,entity,x,y\nmonday,pump-1,1,2\n");
        CsvHistorySource source = CsvHistorySource.open(file, ',');
        assertThat(source.featureNames()).containsExactly("x", "y");
        assertThat(source.describe()).containsEntry("data.file", "history.csv");
    }

    @Test
    void rowsCarryTheirEntityAndTimeForWindows() throws IOException {
        Path file =
                csv(
                        "timestamp;entity;x\n"
                                + "2020-02-08 13:30:47;pump-1;1\n"
                                + "2026-11-27T10:00:00Z;pump-2;2\n"
                                + "1700000000000;pump-1;3\n"
                                + "soon;pump-2;4\n");
        List<String> keys = new ArrayList<>();
        CsvHistorySource.open(file, ';')
                .forEachRow(
                        new HistorySource.RowSink() {
                            @Override
                            public void accept(double[] values) {
                                throw new AssertionError("the keyed accept is called");
                            }

                            @Override
                            public void accept(double[] values, String entity, long time) {
                                keys.add(entity + "@" + time);
                            }
                        });
        assertThat(keys)
                .containsExactly(
                        "pump-1@1581168647000",
                        "pump-2@1795773600000",
                        "pump-1@1700000000000",
                        "pump-2@" + HistorySource.UNKNOWN_TIME);
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
        assertThat(CsvTimes.parse("t17")).isEqualTo(HistorySource.UNKNOWN_TIME);
    }

    @Test
    void nonNumericValueNamesFileLineAndFeature() throws IOException {
        Path file = csv("x,y\n1,2\n3,oops\n");
        CsvHistorySource source = CsvHistorySource.open(file, ',');
        assertThatThrownBy(() -> rows(source))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3")
                .hasMessageContaining("y is not a number: 'oops'");
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        Path file = csv("x,y\n1,2\n3,4\n5\n");
        CsvHistorySource source = CsvHistorySource.open(file, ',');
        assertThatThrownBy(() -> rows(source))
                .hasMessageContaining(file + ", line 4: has 1 columns, the header has 2");
    }

    @Test
    void nanIsRefusedWithItsLine() throws IOException {
        Path file = csv("x,y\n1,NaN\n");
        CsvHistorySource source = CsvHistorySource.open(file, ',');
        assertThatThrownBy(() -> rows(source)).hasMessageContaining("line 2: y is NaN, not finite");
    }

    @Test
    void aColumnNamedTwiceIsRefusedNamingTheFileAndTheColumn() throws IOException {
        Path file = csv("x,y,x\n1,2,3\n");
        assertThatThrownBy(() -> CsvHistorySource.open(file, ','))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'x' twice");
    }

    @Test
    void featuresChooseAndOrderTheColumns() throws IOException {
        Path file = csv("entity,a,b,c\npump,1,2,3\n");
        CsvHistorySource source = CsvHistorySource.open(file, ',', List.of("c", "a"));
        assertThat(source.featureNames()).containsExactly("c", "a");
        assertThat(rows(source)).containsExactly(new double[] {3, 1});
    }

    @Test
    void aFeatureTheFileLacksIsRefusedNamingTheOptionAndTheColumn() throws IOException {
        Path file = csv("entity,a,b\npump,1,2\n");
        assertThatThrownBy(() -> CsvHistorySource.open(file, ',', List.of("a", "entity")))
                .hasMessageContaining("--features names 'entity'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void tooFewRowsIsAClearError() throws IOException {
        Path file = csv("x,y\n1,2\n3,4\n");
        assertThatThrownBy(() -> TrainingData.read(CsvHistorySource.open(file, ',')))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("history.csv has 2 rows; at least 20");
    }

    @Test
    void constantFeatureIsNamed() throws IOException {
        StringBuilder sb = new StringBuilder("x,flat\n");
        for (int i = 0; i < 30; i++) {
            sb.append(i).append(",7\n");
        }
        TrainingData data = TrainingData.read(CsvHistorySource.open(csv(sb.toString()), ','));
        Split split = Split.of(data.rows(), 0.2, 1);
        assertThatThrownBy(
                        () -> StandardScaler.fit(data.values(), data.featureNames(), split.train()))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("feature flat is constant");
    }

    @Test
    void matrixKeepsCsvColumnOrderThoughTribuoSortsNames() throws IOException {
        StringBuilder sb = new StringBuilder("zeta,alpha,mid\n");
        for (int i = 0; i < 25; i++) {
            sb.append(i).append(',').append(100 + i).append(',').append(-i).append('\n');
        }
        TrainingData data = TrainingData.read(CsvHistorySource.open(csv(sb.toString()), ','));
        assertThat(data.featureNames()).containsExactly("zeta", "alpha", "mid");
        assertThat(data.dataset().size()).isEqualTo(25);
        assertThat(data.values()).startsWith(0f, 100f, 0f, 1f, 101f, -1f);
    }
}
