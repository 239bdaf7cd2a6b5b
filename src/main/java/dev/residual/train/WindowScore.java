package dev.residual.train;

import java.util.Locale;

/**
 * How a windowed model reduces its squared errors over the window into {@code score} and {@code
 * feature_errors}: the manifest's {@code windowScore}.
 */
public enum WindowScore {
    /** The mean over every step of the window: steadier, slower to react. */
    WINDOW,
    /** The last step only, the record being scored: reacts at once, as noisy as one record. */
    LAST;

    /** The manifest's and command line's name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #label()}; anything else is refused naming both choices. */
    public static WindowScore parse(String label) {
        for (WindowScore s : values()) {
            if (s.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "--window-score must be window or last, got '" + label + "'");
    }
}
