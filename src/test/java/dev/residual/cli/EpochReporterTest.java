package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EpochReporterTest {

    @ParameterizedTest(name = "no-progress {0}, terminal {1}, real stdout {2}: bar {3}")
    @CsvSource({
        "false, true, true, true",
        "true, true, true, false",
        "false, false, true, false",
        "false, true, false, false",
        "false, false, false, false"
    })
    void aBarOnlyOnATerminalWritingToTheRealStdoutUnlessRefused(
            boolean noProgress, boolean terminal, boolean realStdout, boolean bar) {
        assertThat(EpochReporter.useBar(noProgress, terminal, realStdout)).isEqualTo(bar);
    }

    @Test
    void withoutABarEachEpochIsOnePlainLine() {
        StringWriter text = new StringWriter();
        try (EpochReporter reporter = EpochReporter.of(false, new PrintWriter(text), null, 200)) {
            assertThat(reporter).isInstanceOf(EpochReporter.Lines.class);
            reporter.epochEnded(1, 0.5, 0.625, 12_345.6);
            reporter.epochEnded(12, 0.0123456789, 0.02, 900);
            reporter.finish(12);
        }
        assertThat(text.toString())
                .isEqualTo(
                        String.format(
                                "epoch   1  train loss 0.500000  val loss 0.625000  12,346 rows/s%n"
                                        + "epoch  12  train loss 0.012346  val loss 0.020000  900"
                                        + " rows/s%n"));
    }

    @Test
    void theBarShortensTheRateToLeaveRoomForTheBar() {
        assertThat(EpochReporter.Bar.compact(843.4)).isEqualTo("843");
        assertThat(EpochReporter.Bar.compact(565_480)).isEqualTo("565k");
        assertThat(EpochReporter.Bar.compact(2_345_678)).isEqualTo("2.3M");
    }
}
