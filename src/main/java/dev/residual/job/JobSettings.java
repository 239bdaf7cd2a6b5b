package dev.residual.job;

import static dev.residual.job.ResidualOptions.*;

import dev.residual.io.DeadLetterSerializer;
import dev.residual.io.DecoderConfig;
import dev.residual.io.RecordDecoder;
import dev.residual.model.Manifest;
import dev.residual.threshold.ThresholdConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The job's options, read and checked once at start. Every check names the option and the allowed
 * values, so a wrong setting fails before the job is submitted, never on the first record.
 */
public final class JobSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** window.max-gap when neither the option nor the bundle sets it. */
    public static final Duration DEFAULT_WINDOW_MAX_GAP = Duration.ofMinutes(10);

    public final String bundle;
    public final String bootstrapServers;
    public final String inputTopic;
    public final String outputTopic;
    public final String deadLetterTopic;
    public final String groupId;
    public final String startingOffsets;
    public final boolean bounded;
    public final DeliveryGuarantee deliveryGuarantee;
    public final String transactionalIdPrefix;
    public final Duration transactionTimeout;
    public final int batchSize;
    public final Duration flushInterval;
    public final int scoreThreads;

    /** window.max-gap as set, or null: then {@link #windowMaxGap(Manifest)} is the bundle's. */
    public final Duration windowMaxGap;

    public final String entityField;
    public final String tsField;
    public final String featuresField;
    public final int maxRecordBytes;

    /**
     * The producers' {@code max.request.size}: larger dead letters are cut to fit (and to the
     * dead-letter topic's limit, see {@link BrokerLimits#deadLetterBytes}).
     */
    public final int maxRequestBytes;

    public final ThresholdConfig threshold;

    public final String jobName;
    private final Properties kafkaProperties;

    private JobSettings(ReadableConfig c, Properties kafkaProperties) {
        bundle = required(c, BUNDLE);
        bootstrapServers = required(c, BOOTSTRAP_SERVERS);
        inputTopic = nonBlank(c, INPUT_TOPIC);
        outputTopic = nonBlank(c, OUTPUT_TOPIC);
        deadLetterTopic = nonBlank(c, DEAD_LETTER_TOPIC);
        groupId = nonBlank(c, GROUP_ID);
        startingOffsets = oneOf(c, STARTING_OFFSETS, "committed", "earliest", "latest");
        bounded = get(c, BOUNDED);
        deliveryGuarantee =
                "exactly-once".equals(oneOf(c, DELIVERY_GUARANTEE, "exactly-once", "at-least-once"))
                        ? DeliveryGuarantee.EXACTLY_ONCE
                        : DeliveryGuarantee.AT_LEAST_ONCE;
        jobName = nonBlank(c, JOB_NAME);
        // Two jobs with one prefix fence each other's producers: by default each job has its own.
        transactionalIdPrefix = c.getOptional(TRANSACTIONAL_ID_PREFIX).orElse(jobName).trim();
        transactionTimeout =
                between(c, TRANSACTION_TIMEOUT, Duration.ofSeconds(10), Duration.ofHours(1));
        batchSize = between(c, BATCH_SIZE, 1, 4096);
        flushInterval = between(c, FLUSH_INTERVAL, Duration.ZERO, Duration.ofSeconds(10));
        if (!flushInterval.isZero() && flushInterval.toMillis() == 0) {
            throw new OptionsException(
                    "option "
                            + FLUSH_INTERVAL.key()
                            + " must be 0 or at least 1 ms (timers have millisecond resolution), got "
                            + flushInterval);
        }
        scoreThreads = between(c, SCORE_THREADS, 1, 64);
        windowMaxGap =
                get(c, WINDOW_MAX_GAP) == null
                        ? null
                        : between(c, WINDOW_MAX_GAP, Duration.ofMillis(1), Duration.ofDays(365));
        entityField = nonBlank(c, ENTITY_FIELD);
        tsField = nonBlank(c, TS_FIELD);
        featuresField = nonBlank(c, FEATURES_FIELD);
        maxRecordBytes = between(c, MAX_RECORD_BYTES, 64, 16 << 20);
        threshold = threshold(c);
        this.kafkaProperties = kafkaProperties;
        maxRequestBytes = maxRequestBytes(kafkaProperties);
    }

    private static int maxRequestBytes(Properties kafka) {
        String key = "max.request.size";
        String value = kafka.getProperty(key);
        if (value == null) {
            return DeadLetterSerializer.DEFAULT_MAX_REQUEST_BYTES;
        }
        try {
            int bytes = Integer.parseInt(value.trim());
            if (bytes >= DeadLetterSerializer.MIN_MAX_REQUEST_BYTES) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new OptionsException(
                "option "
                        + KAFKA_PROPERTIES_PREFIX
                        + key
                        + " must be a whole number of bytes, at least "
                        + DeadLetterSerializer.MIN_MAX_REQUEST_BYTES
                        + " (room for a dead letter's headers), got '"
                        + value
                        + "'");
    }

    /**
     * Reads the settings from Flink's configuration overlaid by the arguments' configuration.
     *
     * @throws OptionsException naming the first wrong option
     */
    public static JobSettings from(ReadableConfig base, Configuration args) {
        for (String key : base.toMap().keySet()) {
            if (JobArguments.isOurs(key)) {
                JobArguments.checkKnown(key);
            }
        }
        Configuration merged = new Configuration();
        if (base instanceof Configuration) {
            merged.addAll((Configuration) base);
        } else {
            merged.addAll(Configuration.fromMap(base.toMap()));
        }
        merged.addAll(args);
        Properties kafka = new Properties();
        for (Map.Entry<String, String> e : merged.toMap().entrySet()) {
            if (e.getKey().startsWith(KAFKA_PROPERTIES_PREFIX)) {
                kafka.setProperty(
                        e.getKey().substring(KAFKA_PROPERTIES_PREFIX.length()), e.getValue());
            }
        }
        return new JobSettings(merged, kafka);
    }

    /**
     * The global threshold for a bundle: the fallback of entities still warming up and the floor of
     * the others, at threshold.sigmas of the bundle's validation scores.
     */
    public double globalThreshold(Manifest manifest) {
        if (manifest.calibration == null) {
            throw new OptionsException(
                    "bundle " + manifest.modelId + " has no calibration: no global threshold");
        }
        return manifest.calibration.alertThreshold(threshold.sigmas());
    }

    /**
     * The spread of log scores entities are judged with: the bundle's, measured on its validation
     * rows, or NaN (each entity learns its own) when the bundle does not record it or {@code
     * threshold.spread} is entity.
     */
    public double logSpread(Manifest manifest) {
        if (threshold.entitySpread()) {
            return Double.NaN;
        }
        Double std = manifest.calibration == null ? null : manifest.calibration.logStd;
        return std == null ? Double.NaN : std;
    }

    /**
     * Where a windowed bundle's served windows are cut: window.max-gap when set, else the gap its
     * training windows were cut at (retrain records it, see {@link Manifest#windowGapMillis()}),
     * else {@link #DEFAULT_WINDOW_MAX_GAP}. A fixed default would not fit every cadence: at a
     * 15-minute cadence a 10-minute gap restarts the window at every record, and nothing is scored.
     */
    public Duration windowMaxGap(Manifest manifest) {
        if (windowMaxGap != null) {
            return windowMaxGap;
        }
        Long trained = manifest.windowGapMillis();
        return trained == null ? DEFAULT_WINDOW_MAX_GAP : Duration.ofMillis(trained);
    }

    /**
     * A warning when window.max-gap is set shorter than the gap the bundle's training windows were
     * cut at, or null: windows then restart at steps the model was trained across, which may be
     * meant (a tighter rule for served data) but unscored records follow every such step.
     */
    public String windowMaxGapWarning(Manifest manifest) {
        Long trained = manifest.windowGapMillis();
        if (windowMaxGap == null || trained == null || windowMaxGap.toMillis() >= trained) {
            return null;
        }
        return "option "
                + WINDOW_MAX_GAP.key()
                + " "
                + windowMaxGap
                + " is shorter than the "
                + Duration.ofMillis(trained)
                + " bundle "
                + manifest.modelId
                + "'s training windows were cut at: windows restart, with W - 1 unscored records,"
                + " at steps the model was trained across";
    }

    /** How records are decoded; the feature order is the bundle's. */
    public RecordDecoder decoder(List<String> features) {
        try {
            return new RecordDecoder(
                    features,
                    DecoderConfig.defaults()
                            .withFields(entityField, tsField, featuresField)
                            .withMaxRecordBytes(maxRecordBytes));
        } catch (IllegalArgumentException e) {
            throw new OptionsException("decode options: " + e.getMessage(), e);
        }
    }

    /** Kafka client properties given as {@code kafka.properties.*}, for the source and sinks. */
    public Properties kafkaProperties() {
        Properties copy = new Properties();
        copy.putAll(kafkaProperties);
        return copy;
    }

    /** The threshold parameters; ThresholdConfig checks their ranges, named as the options. */
    private static ThresholdConfig threshold(ReadableConfig c) {
        try {
            return ThresholdConfig.builder()
                    .halfLife(get(c, HALF_LIFE))
                    .sigmas(get(c, SIGMAS))
                    .warmupRecords(get(c, WARMUP_RECORDS))
                    .cooldown(get(c, COOLDOWN))
                    .idleTtl(get(c, IDLE_TTL))
                    .topFeatures(get(c, TOP_FEATURES))
                    .floorRatio(get(c, FLOOR_RATIO))
                    .rebaselineAfter(get(c, REBASELINE_AFTER))
                    .spread(get(c, SPREAD))
                    .alertBudget(get(c, ALERT_BUDGET))
                    .confirmRecords(get(c, CONFIRM_RECORDS))
                    .smoothing(get(c, SMOOTHING))
                    .build();
        } catch (OptionsException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new OptionsException("option " + e.getMessage(), e);
        }
    }

    private static <T> T get(ReadableConfig c, ConfigOption<T> option) {
        try {
            return c.get(option);
        } catch (RuntimeException e) {
            throw new OptionsException(
                    "option "
                            + option.key()
                            + " has a value that cannot be read: "
                            + e.getMessage(),
                    e);
        }
    }

    private static String required(ReadableConfig c, ConfigOption<String> option) {
        String value = get(c, option);
        if (value == null || value.isBlank()) {
            throw new OptionsException("option " + option.key() + " is required");
        }
        return value.trim();
    }

    private static String nonBlank(ReadableConfig c, ConfigOption<String> option) {
        String value = get(c, option);
        if (value == null || value.isBlank()) {
            throw new OptionsException("option " + option.key() + " must not be empty");
        }
        return value.trim();
    }

    private static String oneOf(ReadableConfig c, ConfigOption<String> option, String... allowed) {
        String value = nonBlank(c, option).toLowerCase(java.util.Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw new OptionsException(
                "option "
                        + option.key()
                        + " must be one of "
                        + String.join(", ", allowed)
                        + ", got '"
                        + value
                        + "'");
    }

    private static <T extends Comparable<T>> T between(
            ReadableConfig c, ConfigOption<T> option, T min, T max) {
        T value = get(c, option);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new OptionsException(
                    "option "
                            + option.key()
                            + " must be between "
                            + min
                            + " and "
                            + max
                            + ", got "
                            + value);
        }
        return value;
    }
}
