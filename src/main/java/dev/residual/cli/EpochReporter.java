package dev.residual.cli;

import dev.residual.train.DenseAutoencoderTrainer.EpochListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows retrain's progress: a progress bar over the maximum epochs on a terminal, one plain line
 * per epoch anywhere else (pipes, logs, CI, tests), where a redrawn bar would be noise.
 */
abstract class EpochReporter implements EpochListener, AutoCloseable {

    /**
     * Whether to draw a bar: only when a person is watching, that is a terminal is attached and the
     * command writes to the real stdout (a test or an embedding caller captures its output).
     */
    static boolean useBar(boolean noProgress, boolean terminal, boolean realStdout) {
        return !noProgress && terminal && realStdout;
    }

    /** A bar on {@code terminal} when {@code bar}, otherwise plain lines on {@code out}. */
    static EpochReporter of(boolean bar, PrintWriter out, PrintStream terminal, int maxEpochs) {
        return bar ? new Bar(out, terminal, maxEpochs) : new Lines(out);
    }

    /**
     * Training ended after {@code epochsRun} epochs, at most the maximum: show where it stopped.
     */
    abstract void finish(int epochsRun);

    /**
     * Ends the report, finished or not, so the summary or the error starts on a line of its own.
     */
    @Override
    public abstract void close();

    /** Today's output, one line an epoch, for anything that is read later rather than watched. */
    static final class Lines extends EpochReporter {
        private final PrintWriter out;

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void epochEnded(int epoch, double train, double val, double rate) {
            out.printf(
                    Locale.ROOT,
                    "epoch %3d  train loss %.6f  val loss %.6f  %,.0f rows/s%n",
                    epoch,
                    train,
                    val,
                    rate);
            out.flush();
        }

        @Override
        void finish(int epochsRun) {
            // Each epoch already has its line; an early stop shows as the last one.
        }

        @Override
        public void close() {
            out.flush();
        }
    }

    /** One bar redrawn in place; the library adds elapsed time and the estimate of time left. */
    static final class Bar extends EpochReporter {
        private static final String QUIET_JLINE =
                "org.jline.terminal.disableDeprecatedProviderWarning";

        private final int maxEpochs;
        private final ProgressBar bar;
        private boolean closed;

        Bar(PrintWriter out, PrintStream terminal, int maxEpochs) {
            this.maxEpochs = maxEpochs;
            // Tribuo's olcut brings jline's jansi provider, and jline logs a deprecation warning on
            // finding it: noise above the bar that the user can do nothing about.
            if (System.getProperty(QUIET_JLINE) == null) {
                System.setProperty(QUIET_JLINE, "true");
            }
            // The header line must reach the terminal before the bar starts redrawing below it.
            out.flush();
            this.bar =
                    ProgressBar.builder()
                            .setTaskName("training")
                            .setInitialMax(maxEpochs)
                            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                            .setConsumer(new ConsoleProgressBarConsumer(terminal))
                            // Elapsed time should tick between epochs, which can take seconds.
                            .setUpdateIntervalMillis(250)
                            .continuousUpdate()
                            .build();
        }

        /**
         * Train/validation loss and speed, short enough that an 80-column terminal still has room
         * for the bar next to the counts, elapsed time and time left.
         */
        @Override
        public void epochEnded(int epoch, double train, double val, double rate) {
            bar.setExtraMessage(
                    String.format(
                            Locale.ROOT, "loss %.4f/%.4f %s rows/s", train, val, compact(rate)));
            bar.stepTo(epoch);
        }

        /**
         * Early stopping ends the bar full at the epoch training stopped at (the summary gives the
         * maximum): a bar stepped to the maximum would claim epochs that never ran.
         */
        @Override
        void finish(int epochsRun) {
            if (epochsRun < maxEpochs) {
                bar.maxHint(epochsRun);
                bar.stepTo(epochsRun);
            }
            close();
        }

        static String compact(double rate) {
            if (rate >= 1e6) {
                return String.format(Locale.ROOT, "%.1fM", rate / 1e6);
            }
            return rate >= 1e3
                    ? String.format(Locale.ROOT, "%.0fk", rate / 1e3)
                    : String.format(Locale.ROOT, "%.0f", rate);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                bar.close();
            }
        }
    }
}
