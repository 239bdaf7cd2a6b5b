package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The demo's whole path with a windowed kind, small: a real broker, a conv bundle trained through
 * retrain, the job on a MiniCluster serving it with keyed windows, the replay and the summary.
 */
class DemoCommandIT {
    @Test
    void trainsAndServesAConvolutionalBundleEndToEnd() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            code =
                    new CliRun()
                            .run(
                                    "demo",
                                    "--kind",
                                    "conv",
                                    "--window",
                                    "4",
                                    "--epochs",
                                    "3",
                                    "--entities",
                                    "6",
                                    "--history",
                                    "300",
                                    "--records",
                                    "400",
                                    "--delivery",
                                    "at-least-once");
        } finally {
            System.setOut(stdout);
        }
        String text = printed.toString(StandardCharsets.UTF_8);

        assertThat(code).as(text).isZero();
        assertThat(text)
                .contains(
                        "Training a conv autoencoder over windows of 4 records on 1800 normal rows",
                        "model id   conv-ae/",
                        "(of 4 rows), 8 features",
                        "incidents injected 2,",
                        "dead letters 12 {BAD_TIMESTAMP=2, MISSING_ENTITY=2, NOT_FINITE=2,"
                                + " NOT_JSON=2, UNKNOWN_FEATURE=2, WRONG_DIMENSION=2}",
                        "2412 records scored or dead-lettered")
                .doesNotContain("did not catch up");
    }
}
