package dev.residual.train;

import java.util.Locale;

/**
 * How a windowed model reduces its squared errors over the window to the score and the per-feature
 * errors: averaged over the whole window, or taken at its last step (the record being scored).
 */
public enum WindowScore {
    /** The mean over all W steps. */
    WINDOW,
    /** The last step alone. */
    LAST;

    /** The manifest's {@code windowScore} and the command-line value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code window} or {@code last}; anything else is refused naming the option. */
    public static WindowScore parse(String value) {
        for (WindowScore s : values()) {
            if (s.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "--window-score must be window or last, got '" + value + "'");
    }
}
