package dev.residual.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of the autoencoder family that {@code residual retrain} trains. All of them serve
 * through the same model.onnx contract; they differ in how they are trained.
 */
public enum ModelKind {
    /** A dense autoencoder trained to reconstruct its input. */
    DENSE("dense-ae"),
    /** The dense network trained to reconstruct clean rows from corrupted copies. */
    DENOISING("denoising-ae"),
    /** A variational autoencoder, served through its posterior mean. */
    VAE("vae"),
    /** A 1-D convolutional autoencoder over windows of W consecutive rows of an entity. */
    CONV("conv-ae"),
    /** An LSTM encoder over a window of W rows, its last hidden state decoded to the window. */
    LSTM("lstm-ae"),
    /** As {@link #LSTM}, with a GRU encoder. */
    GRU("gru-ae");

    private final String modelIdPrefix;

    ModelKind(String modelIdPrefix) {
        this.modelIdPrefix = modelIdPrefix;
    }

    /** Whether the kind reads windows of W consecutive rows of an entity rather than one row. */
    public boolean windowed() {
        return this == CONV || recurrent();
    }

    /** Whether the kind reads windows of consecutive rows through a recurrent encoder. */
    public boolean recurrent() {
        return this == LSTM || this == GRU;
    }

    /** The manifest's {@code kind}, also the command-line name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The first part of the manifest's {@code modelId}. */
    public String modelIdPrefix() {
        return modelIdPrefix;
    }

    /** Parses a {@link #label()}; an unknown one is refused with the list of accepted kinds. */
    public static ModelKind parse(String label) {
        for (ModelKind kind : values()) {
            if (kind.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown model kind '" + label + "'; expected one of " + accepted());
    }

    /** The accepted labels, comma separated. */
    public static String accepted() {
        return Arrays.stream(values()).map(ModelKind::label).collect(Collectors.joining(", "));
    }
}
