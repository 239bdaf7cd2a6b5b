package dev.residual.train;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the dense kinds' {@code score} output measures ({@code --score}, the manifest's {@code
 * score}).
 */
public enum ScoreKind {
    /** The kind's reconstruction score alone (a VAE's negative ELBO with {@code --vae-score}). */
    RECONSTRUCTION("reconstruction"),
    /**
     * The reconstruction score over its training mean plus the latent code's Hotelling T² over its
     * training mean: rows that move far along the learned manifold score high too.
     */
    RECONSTRUCTION_LATENT("reconstruction+latent");

    private final String label;

    ScoreKind(String label) {
        this.label = label;
    }

    /** The command-line and manifest name. */
    public String label() {
        return label;
    }

    /** Parses a {@link #label()}; an unknown one is refused with the accepted ones. */
    public static ScoreKind parse(String text) {
        for (ScoreKind kind : values()) {
            if (kind.label.equals(text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown score '"
                        + text
                        + "'; expected one of "
                        + Arrays.stream(values())
                                .map(ScoreKind::label)
                                .collect(Collectors.joining(", ")));
    }
}
