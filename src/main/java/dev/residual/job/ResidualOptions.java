package dev.residual.job;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.residual.threshold.ThresholdConfig;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every option of the scoring job, with its default and description. They are read from Flink's
 * configuration (config.yaml, -D) and from {@code --key value} arguments, which win; {@link
 * JobSettings} checks them once at start.
 */
public final class ResidualOptions {
    private ResidualOptions() {}

    /** The prefix of Kafka client properties passed through to the source and the sinks. */
    public static final String KAFKA_PROPERTIES_PREFIX = "kafka.properties.";

    public static final ConfigOption<String> BUNDLE =
            key("bundle")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Model bundle directory, or a models directory whose CURRENT file names"
                                    + " the live bundle. Read once at submission; its model"
                                    + " travels with the job graph, and a running job never"
                                    + " sees a new CURRENT: take a savepoint and resubmit from"
                                    + " it. A bundle with an"
                                    + " entity_baseline is served behind per-entity baselines"
                                    + " as its manifest describes them; no option of the job"
                                    + " turns them off or changes them.");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            key("kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers, host:port[,host:port].");

    public static final ConfigOption<String> INPUT_TOPIC =
            key("kafka.input-topic")
                    .stringType()
                    .defaultValue("features")
                    .withDescription("Topic of feature vectors to score.");

    public static final ConfigOption<String> OUTPUT_TOPIC =
            key("kafka.output-topic")
                    .stringType()
                    .defaultValue("anomalies")
                    .withDescription("Topic the anomaly events are written to, keyed by entity.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            key("kafka.dead-letter-topic")
                    .stringType()
                    .defaultValue("features-dlq")
                    .withDescription(
                            "Topic for records that cannot be scored: original key and value,"
                                    + " reason and source coordinates in headers. A dead letter"
                                    + " larger than the producers' max.request.size (1 MiB unless"
                                    + " kafka.properties.max.request.size says otherwise) or the"
                                    + " topic's max.message.bytes (asked of a broker at start; the"
                                    + " broker's message.max.bytes if the topic does not exist"
                                    + " yet) keeps only the first bytes of its value, with the"
                                    + " original length in a header.");

    public static final ConfigOption<String> GROUP_ID =
            key("kafka.group-id")
                    .stringType()
                    .defaultValue("residual-scoring")
                    .withDescription(
                            "Consumer group; offsets are committed to it on checkpoints, or"
                                    + " by the consumer with kafka.properties.enable.auto.commit"
                                    + " (for monitoring lag and for a new submission from"
                                    + " committed offsets; a restore uses the job's own state).");

    public static final ConfigOption<String> STARTING_OFFSETS =
            key("kafka.starting-offsets")
                    .stringType()
                    .defaultValue("committed")
                    .withDescription(
                            "Where a fresh start reads from: committed (the group's offsets, else"
                                    + " earliest), earliest or latest.");

    public static final ConfigOption<Boolean> BOUNDED =
            key("kafka.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Stop at the offsets that are latest when the job starts (replays,"
                                    + " evaluation) instead of running forever.");

    public static final ConfigOption<String> DELIVERY_GUARANTEE =
            key("delivery.guarantee")
                    .stringType()
                    .defaultValue("exactly-once")
                    .withDescription(
                            "exactly-once (Kafka transactions committed on checkpoint; readers"
                                    + " use read_committed) or at-least-once (lower latency)."
                                    + " Exactly-once needs checkpointing; so does an unbounded"
                                    + " at-least-once job from committed offsets, unless"
                                    + " kafka.properties.enable.auto.commit is set.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("kafka.transactional-id-prefix")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Prefix of the sinks' transactional ids; unique per job on a Kafka"
                                    + " cluster (default: job.name).");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            key("kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Producer transaction timeout (exactly-once): longer than the"
                                    + " checkpoint interval, at most the brokers'"
                                    + " transaction.max.timeout.ms, which the job asks a broker"
                                    + " for at start (15 min, Kafka's default, when none"
                                    + " answers within 10 s).");

    public static final ConfigOption<Integer> BATCH_SIZE =
            key("score.batch-size")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Records per ONNX Runtime call (1 to 4096).");

    public static final ConfigOption<Duration> FLUSH_INTERVAL =
            key("score.flush-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(5))
                    .withDescription(
                            "Longest a record waits for its batch to fill (0 to 10 s; 0 flushes"
                                    + " on size, watermarks, checkpoints and end of input only).");

    public static final ConfigOption<Integer> SCORE_THREADS =
            key("score.threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription("ONNX Runtime intra-op threads per subtask (1 to 64).");

    public static final ConfigOption<Duration> WINDOW_MAX_GAP =
            key("window.max-gap")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Windowed models only: event time between two records of an entity"
                                    + " beyond which its window starts again, with a new warm-up"
                                    + " of W - 1 unscored records; so does a record that much"
                                    + " older than the entity's newest (a clock jump). 1 ms to"
                                    + " 365 d (default: the gap the bundle's training windows"
                                    + " were cut at, recorded by retrain, else 10 min; shorter"
                                    + " than the bundle's is accepted with a warning).");

    public static final ConfigOption<String> ENTITY_FIELD =
            key("decode.entity-field")
                    .stringType()
                    .defaultValue("entity")
                    .withDescription(
                            "JSON field of the entity; the record key when absent. An entity id"
                                    + " longer than 1024 characters is a dead letter (TOO_LARGE).");

    public static final ConfigOption<String> TS_FIELD =
            key("decode.ts-field")
                    .stringType()
                    .defaultValue("ts")
                    .withDescription(
                            "JSON field of the event time (epoch millis or ISO-8601); the Kafka"
                                    + " timestamp when absent.");

    public static final ConfigOption<String> FEATURES_FIELD =
            key("decode.features-field")
                    .stringType()
                    .defaultValue("features")
                    .withDescription(
                            "JSON field of the features: an object by name, or an array in the"
                                    + " bundle's order.");

    public static final ConfigOption<Integer> MAX_RECORD_BYTES =
            key("decode.max-record-bytes")
                    .intType()
                    .defaultValue(65536)
                    .withDescription("Larger records go to the dead letters (64 to 16777216).");

    public static final ConfigOption<Duration> HALF_LIFE =
            key(ThresholdConfig.HALF_LIFE)
                    .durationType()
                    .defaultValue(ThresholdConfig.DEFAULT_HALF_LIFE)
                    .withDescription(
                            "Event-time half-life of an entity's rolling score statistics.");

    public static final ConfigOption<Double> SIGMAS =
            key(ThresholdConfig.SIGMAS)
                    .doubleType()
                    .defaultValue(ThresholdConfig.DEFAULT_SIGMAS)
                    .withDescription(
                            "Thresholds sit this many standard deviations above the mean log"
                                    + " score: an entity's own once it is warm, the bundle's"
                                    + " validation scores' (never below its calibrated threshold)"
                                    + " for the global one.");

    public static final ConfigOption<Integer> WARMUP_RECORDS =
            key(ThresholdConfig.WARMUP_RECORDS)
                    .intType()
                    .defaultValue(ThresholdConfig.DEFAULT_WARMUP_RECORDS)
                    .withDescription(
                            "Normal records an entity needs before its own threshold replaces the"
                                    + " bundle's calibrated global threshold.");

    public static final ConfigOption<Duration> COOLDOWN =
            key(ThresholdConfig.COOLDOWN)
                    .durationType()
                    .defaultValue(ThresholdConfig.DEFAULT_COOLDOWN)
                    .withDescription(
                            "Event time without an anomalous record that ends an episode; one"
                                    + " alert per episode.");

    public static final ConfigOption<Duration> IDLE_TTL =
            key(ThresholdConfig.IDLE_TTL)
                    .durationType()
                    .defaultValue(ThresholdConfig.DEFAULT_IDLE_TTL)
                    .withDescription(
                            "Processing time after which an idle entity's state (threshold,"
                                    + " window, baseline) is removed.");

    public static final ConfigOption<Integer> TOP_FEATURES =
            key(ThresholdConfig.TOP_FEATURES)
                    .intType()
                    .defaultValue(ThresholdConfig.DEFAULT_TOP_FEATURES)
                    .withDescription("Features listed in an alert, by share of the error.");

    public static final ConfigOption<Double> FLOOR_RATIO =
            key(ThresholdConfig.FLOOR_RATIO)
                    .doubleType()
                    .defaultValue(ThresholdConfig.DEFAULT_FLOOR_RATIO)
                    .withDescription(
                            "An entity's threshold never falls below this fraction of the global"
                                    + " threshold, so a very steady entity is not over-sensitive.");

    public static final ConfigOption<Duration> REBASELINE_AFTER =
            key(ThresholdConfig.REBASELINE_AFTER)
                    .durationType()
                    .defaultValue(ThresholdConfig.DEFAULT_REBASELINE_AFTER)
                    .withDescription(
                            "Event time an episode may last before its records become the entity's"
                                    + " new level: one alert for a lasting change, then the entity"
                                    + " relearns instead of staying silent in an endless episode.");

    public static final ConfigOption<String> SPREAD =
            key(ThresholdConfig.SPREAD)
                    .stringType()
                    .defaultValue(ThresholdConfig.DEFAULT_SPREAD)
                    .withDescription(
                            "bundle: entities are judged with the spread of the bundle's log"
                                    + " validation scores; entity: each learns the spread of its"
                                    + " own log scores during warm-up and after.");

    public static final ConfigOption<String> ALERT_BUDGET =
            key(ThresholdConfig.ALERT_BUDGET)
                    .stringType()
                    .defaultValue(ThresholdConfig.DEFAULT_ALERT_BUDGET)
                    .withDescription(
                            "none, or anomalous records per entity per day (1/day, 2/h, 1/min):"
                                    + " a warm entity's threshold is then the quantile of its"
                                    + " log-normal score estimate that normal records exceed that"
                                    + " often at its record rate, instead of threshold.sigmas.");

    public static final ConfigOption<Integer> CONFIRM_RECORDS =
            key(ThresholdConfig.CONFIRM_RECORDS)
                    .intType()
                    .defaultValue(ThresholdConfig.DEFAULT_CONFIRM_RECORDS)
                    .withDescription(
                            "Anomalous records in a row, with no episode open, that open one and"
                                    + " emit its event (1 to 1000000): 1 alerts on the first; N"
                                    + " above 1 ignores shorter runs, alerts on the N-th and dates"
                                    + " the episode from the run's first record.");

    public static final ConfigOption<Duration> SMOOTHING =
            key(ThresholdConfig.SMOOTHING)
                    .durationType()
                    .defaultValue(ThresholdConfig.DEFAULT_SMOOTHING)
                    .withDescription(
                            "0 (off), or the event-time half-life of an EWMA of each entity's log"
                                    + " scores that is judged, and learned from, instead of each"
                                    + " record's score: fewer flaps inside incidents, but a"
                                    + " lone-record spike may not alert. Needs threshold.spread ="
                                    + " entity.");

    public static final ConfigOption<String> JOB_NAME =
            key("job.name")
                    .stringType()
                    .defaultValue("residual-scoring")
                    .withDescription("Name of the Flink job.");

    /** Every option, for validating keys and printing help. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BUNDLE,
                    BOOTSTRAP_SERVERS,
                    INPUT_TOPIC,
                    OUTPUT_TOPIC,
                    DEAD_LETTER_TOPIC,
                    GROUP_ID,
                    STARTING_OFFSETS,
                    BOUNDED,
                    DELIVERY_GUARANTEE,
                    TRANSACTIONAL_ID_PREFIX,
                    TRANSACTION_TIMEOUT,
                    BATCH_SIZE,
                    FLUSH_INTERVAL,
                    SCORE_THREADS,
                    WINDOW_MAX_GAP,
                    ENTITY_FIELD,
                    TS_FIELD,
                    FEATURES_FIELD,
                    MAX_RECORD_BYTES,
                    HALF_LIFE,
                    SIGMAS,
                    WARMUP_RECORDS,
                    COOLDOWN,
                    IDLE_TTL,
                    TOP_FEATURES,
                    FLOOR_RATIO,
                    REBASELINE_AFTER,
                    SPREAD,
                    ALERT_BUDGET,
                    CONFIRM_RECORDS,
                    SMOOTHING,
                    JOB_NAME);
}
