package dev.residual.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;

/**
 * The settings every windowed trainer (conv, lstm, gru) shares, with their defaults and their
 * checks, refused under the command line's option names.
 *
 * @param <T> the trainer, returned by every setter
 */
public abstract class WindowedTrainerSettings<T extends WindowedTrainerSettings<T>>
        implements Configurable, WindowedTrainer {
    @Config(description = "Seed of weight initialisation and minibatch order.")
    long seed = 42L;

    @Config(description = "Rows per window, W.")
    int window = 16;

    @Config(description = "Score reduction over the window: window (mean) or last (last step).")
    WindowScore windowScore = WindowScore.WINDOW;

    @Config(description = "Maximum number of passes over the training windows.")
    int epochs = 200;

    @Config(description = "Windows per gradient step.")
    int batchSize = 64;

    @Config(description = "Learning rate of the Adam optimiser (AdamOptimiser).")
    double learningRate = 3e-3;

    @Config(description = "Epochs without enough validation improvement before stopping.")
    int patience = 10;

    /** This trainer, for the setters' chaining. */
    abstract T self();

    public T seed(long value) {
        this.seed = value;
        return self();
    }

    /** Rows per window, at least 2 (one row is a pointwise model). */
    public T window(int value) {
        require(value >= 2, "--window must be at least 2, got " + value);
        this.window = value;
        return self();
    }

    public T windowScore(WindowScore value) {
        this.windowScore = value;
        return self();
    }

    public T epochs(int value) {
        require(value > 0, "--epochs must be positive, got " + value);
        this.epochs = value;
        return self();
    }

    public T batchSize(int value) {
        require(value > 0, "--batch-size must be positive, got " + value);
        this.batchSize = value;
        return self();
    }

    public T learningRate(double value) {
        require(
                value > 0 && Double.isFinite(value),
                "--learning-rate must be positive, got " + value);
        this.learningRate = value;
        return self();
    }

    public T patience(int value) {
        require(value > 0, "--patience must be positive, got " + value);
        this.patience = value;
        return self();
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public int window() {
        return window;
    }

    @Override
    public WindowScore windowScore() {
        return windowScore;
    }
}
