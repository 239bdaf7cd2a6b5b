package dev.residual.baseline;

import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestMapper;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestState;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * AWS's {@link ThresholdedRandomCutForest} with its defaults (50 trees, sample size 256, its own
 * normalisation and threshold), fed one feature vector at a time. With a shingle length above one
 * the forest shingles internally, so the caller passes one vector per record, as to our job. One
 * detector is one stream: give each entity its own for a per-entity baseline, or a whole subtask
 * one for a global model as our autoencoder is.
 *
 * <p>Not thread-safe.
 */
public final class RcfDetector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ThresholdedRandomCutForest forest;
    private final int features;
    private final int shingleSize;
    private final double[] point;

    private RcfDetector(ThresholdedRandomCutForest forest, int features, int shingleSize) {
        this.forest = forest;
        this.features = features;
        this.shingleSize = shingleSize;
        this.point = new double[features];
    }

    /**
     * A new detector over vectors of {@code features} values, shingling {@code shingleSize} of them
     * (1 for none), its trees grown from {@code seed}.
     */
    public static RcfDetector create(int features, int shingleSize, long seed) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be at least 1, was " + features);
        }
        if (shingleSize < 1) {
            throw new IllegalArgumentException(
                    "shingle size must be at least 1, was " + shingleSize);
        }
        ThresholdedRandomCutForest forest =
                ThresholdedRandomCutForest.builder()
                        .dimensions(features * shingleSize)
                        .shingleSize(shingleSize)
                        .randomSeed(seed)
                        .build();
        return new RcfDetector(forest, features, shingleSize);
    }

    /** The vector width this detector takes. */
    public int features() {
        return features;
    }

    /** The number of vectors in one shingle. */
    public int shingleSize() {
        return shingleSize;
    }

    /**
     * Scores {@code values} (event time {@code timestampMillis}) against what the forest has seen,
     * then adds it, as the forest's own {@code process} does.
     */
    public Result process(float[] values, long timestampMillis) {
        if (values.length != features) {
            throw new IllegalArgumentException(
                    "expected " + features + " values, got " + values.length);
        }
        for (int i = 0; i < features; i++) {
            point[i] = values[i];
        }
        AnomalyDescriptor d = forest.process(point, timestampMillis);
        return new Result(d.getRCFScore(), d.getAnomalyGrade(), d.getThreshold());
    }

    /** The whole state, as JSON bytes through RCF's own state mapper. */
    public byte[] snapshot() {
        try {
            return JSON.writeValueAsBytes(new ThresholdedRandomCutForestMapper().toState(forest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the forest", e);
        }
    }

    /** A detector that continues exactly where the one that made {@code snapshot} stopped. */
    public static RcfDetector restore(byte[] snapshot) {
        ThresholdedRandomCutForestState state;
        try {
            state = JSON.readValue(snapshot, ThresholdedRandomCutForestState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a forest snapshot", e);
        }
        ThresholdedRandomCutForest forest = new ThresholdedRandomCutForestMapper().toModel(state);
        int shingle = forest.getForest().getShingleSize();
        int features = forest.getForest().getDimensions() / shingle;
        return new RcfDetector(forest, features, shingle);
    }

    /**
     * One verdict: the forest's raw score, its anomaly grade (0 for normal, up to 1) and the
     * threshold the score was compared with.
     */
    public record Result(double score, double grade, double threshold) {
        /** Whether the forest flagged the vector. */
        public boolean anomalous() {
            return grade > 0;
        }
    }
}
