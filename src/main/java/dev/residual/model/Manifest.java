package dev.residual.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The description of a model bundle ({@code manifest.json}): what the model is, which features it
 * takes in which order, how it was trained and calibrated, and the SHA-256 of every file. Field
 * names are snake_case in JSON. Free-form parts (architecture, training summary, provenance) are
 * ordered maps so that a newer writer can add to them without breaking older readers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Manifest {
    /** The manifest format this code writes. */
    public static final int FORMAT_VERSION = 1;

    /** The manifest formats this code can read. */
    public static final List<Integer> SUPPORTED_VERSIONS = List.of(1);

    public static final String MODEL_FILE = "model.onnx";
    public static final String MANIFEST_FILE = "manifest.json";

    /**
     * Key in {@link #architecture} of a windowed bundle: the longest step in event time within one
     * of its training windows, in millis; absent when the history had no event times.
     */
    public static final String WINDOW_GAP_MS = "window_gap_ms";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public int formatVersion = FORMAT_VERSION;

    /** Kind/created/hash, e.g. {@code dense-ae/2026-11-27T10:00:00Z/3f9c1a}. */
    public String modelId;

    /** One of dense, denoising, vae, conv, lstm, gru, external. */
    public String kind;

    /** ISO-8601 instant of writing. */
    public String created;

    /** Feature names in the order of the model's input. */
    public List<String> features = new ArrayList<>();

    /** Vectors per model input: 1 for pointwise models, W for windowed ones. */
    public int window = 1;

    /**
     * How a windowed model reduces score and feature errors over its window: {@code window} (the
     * mean over all W steps) or {@code last} (the last step only); null for pointwise models.
     */
    public String windowScore;

    /**
     * What the {@code score} output measures: {@code reconstruction} (the kind's reconstruction
     * score) or {@code reconstruction+latent} (that over its training mean plus the latent code's
     * T² over its training mean, see {@link #latentScore}); null in bundles written before the
     * field, which are {@code reconstruction}: read it through {@link #scoreKind()}.
     */
    public String score;

    /** The latent term of a {@code reconstruction+latent} score; null otherwise. */
    public LatentScore latentScore;

    /** The ONNX graph's outputs; always score and feature_errors, optionally reconstruction. */
    public List<String> outputs = new ArrayList<>();

    public Map<String, Object> architecture = new LinkedHashMap<>();
    public Scaler scaler;
    public Calibration calibration;

    /**
     * Per-entity baselines the model was trained behind, or null for a model of raw features: the
     * job then standardises each entity's features by its own rolling statistics before scoring.
     */
    public Baseline entityBaseline;

    public Map<String, Object> training = new LinkedHashMap<>();
    public Map<String, Object> provenance = new LinkedHashMap<>();

    /** File name to lower-case hex SHA-256, for every file of the bundle except the manifest. */
    public Map<String, String> files = new LinkedHashMap<>();

    /**
     * How a {@code reconstruction+latent} score is put together: {@code score = reconstruction /
     * reconstructionMean + T² / t2Mean}, T² the squared length of the whitened code. The code's
     * mean and whitening matrix are in the ONNX graph; these are the figures that explain it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class LatentScore {
        /** Width of the latent code, k. */
        public int latentDim;

        /** Mean reconstruction score of the training rows. */
        public double reconstructionMean;

        /** Mean T² of the training rows: k unless eigenvalues were floored. */
        public double t2Mean;

        /** Code covariance eigenvalues are floored at this fraction of the largest. */
        public double eigenvalueFloor;

        /** How many eigenvalues were raised to the floor. */
        public int flooredDimensions;

        /** Rows the code statistics come from: the training rows, never validation. */
        public long rows;
    }

    /** Standardisation of the features. Applied in exactly one place, named by location. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Scaler {
        /** {@code graph}: inside model.onnx (informational here); {@code none}: no scaling. */
        public String location = "graph";

        public String type = "standard";
        public double[] mean;
        public double[] scale;
    }

    /**
     * The per-entity baseline a model expects its features standardised by ({@code
     * dev.residual.score.EntityBaseline}): a model trained on baselined features cannot score raw
     * ones, and the reverse, so the bundle says which, and the job takes it from here alone.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Baseline {
        /** An entity's first records, which start its baseline and are not scored. */
        public int warmupRecords;

        /** Event time over which a record's weight in the baseline halves; 0: frozen. */
        public long halfLifeMs;

        /** Deviations beyond this many standard deviations move the baseline as this many. */
        public double clip;
    }

    /** The score distribution on held-back normal data, and the global threshold chosen from it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Calibration {
        /** Quantile (as a string such as "0.99") to score. */
        public Map<String, Double> quantiles = new LinkedHashMap<>();

        /** The global threshold: the fallback for entities still warming up. */
        public double threshold;

        /** Which quantile the threshold is. */
        public double thresholdQuantile;

        /** Validation rows the quantiles come from. */
        public long rows;

        /** Mean of log(score + epsilon) on the validation rows; null when not calibrated. */
        public Double logMean;

        /** Standard deviation of log(score + epsilon) on the validation rows; null when unknown. */
        public Double logStd;

        /** The epsilon of log scores as a fraction of the threshold, here and in the job. */
        public static final double LOG_EPSILON_RATIO = 1e-3;

        /**
         * The epsilon of the log scores: a thousandth of the threshold keeps log(0) finite without
         * moving any threshold that matters, and scales with the model's scores.
         */
        public double logEpsilon() {
            return LOG_EPSILON_RATIO * threshold;
        }

        /** Mean and standard deviation of log(score + epsilon), recorded with the threshold. */
        public void setLogStatistics(double[] scores) {
            double eps = logEpsilon();
            double sum = 0;
            for (double s : scores) {
                sum += Math.log(Math.max(s, 0) + eps);
            }
            double mean = sum / scores.length;
            double m2 = 0;
            for (double s : scores) {
                double d = Math.log(Math.max(s, 0) + eps) - mean;
                m2 += d * d;
            }
            logMean = mean;
            logStd = Math.sqrt(m2 / scores.length);
        }

        /**
         * The threshold for alerting at {@code sigmas} standard deviations above the mean log
         * validation score, and never below the empirical {@link #threshold}. A validation split of
         * a few thousand rows cannot measure the one-in-a-hundred-thousand quantile that alerting
         * needs; the log-normal fit extrapolates to it. Without log statistics (bundles from
         * elsewhere), the empirical threshold.
         */
        public double alertThreshold(double sigmas) {
            if (logMean == null || logStd == null || !(logStd >= 0)) {
                return threshold;
            }
            double fitted = Math.exp(logMean + sigmas * logStd) - logEpsilon();
            return Math.max(threshold, fitted);
        }
    }

    public static Manifest fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, Manifest.class);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write manifest of " + modelId, e);
        }
    }

    /** {@link #score}, {@code reconstruction} when a bundle predates the field. */
    public String scoreKind() {
        return score == null ? "reconstruction" : score;
    }

    /**
     * The gap limit a windowed bundle's training windows were cut with ({@link #WINDOW_GAP_MS}), or
     * null when the bundle does not record one: a pointwise bundle, one trained on history without
     * event times, or one from elsewhere.
     */
    public Long windowGapMillis() {
        Object gap = architecture.get(WINDOW_GAP_MS);
        if (!(gap instanceof Number) || window <= 1) {
            return null;
        }
        long millis = ((Number) gap).longValue();
        return millis > 0 && millis < Long.MAX_VALUE ? millis : null;
    }

    /** The number of values in one model input row: window times features. */
    public int inputWidth() {
        return window * features.size();
    }
}
