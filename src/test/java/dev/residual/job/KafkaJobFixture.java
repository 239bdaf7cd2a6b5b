package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.cli.EmbeddedKafka;
import dev.residual.cli.LocalStack;
import dev.residual.cli.TopicReader;
import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Injection;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.io.AnomalyEvent;
import dev.residual.io.AnomalyEventCodec;
import dev.residual.io.DeadLetterSerializer;
import dev.residual.io.FeatureRecord;
import dev.residual.model.ModelBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What the end-to-end job tests share: a real broker with a generated fleet's records (incidents of
 * every kind, malformed records among them) in a 4-partition topic, and bounded exactly-once runs
 * of the job over it at parallelism 2, each with its own output topics.
 */
final class KafkaJobFixture implements AutoCloseable {
    static final int ENTITIES = 12;
    static final int RECORDS = 400;
    static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final List<String> MALFORMED =
            List.of(
                    "not json",
                    "{\"features\": [1,2,3,4,5,6,7,8]}",
                    "{\"entity\": \"machine-01\", \"features\": [1,2,3]}",
                    "{\"entity\": \"machine-01\", \"features\": {\"temp\": NaN}}",
                    "{\"entity\": \"machine-01\", \"features\": {\"bogus\": 1}}");

    final SyntheticFleet fleet = new SyntheticFleet(8, 11);
    final List<String> entities = SyntheticFleet.entities(ENTITIES);
    final List<Injection> incidents;
    final EmbeddedKafka kafka;
    final int validRecords;
    private final Path dir;
    private final InMemoryReporter metrics;

    /** The valid records produced, in feature units, as the job reads them. */
    final List<Row> rows = new ArrayList<>();

    private KafkaJobFixture(
            Path dir, InMemoryReporter metrics, List<Injection> more, UnaryOperator<Row> change)
            throws Exception {
        this.dir = dir;
        this.metrics = metrics;
        List<Injection> all = new ArrayList<>(SyntheticFleet.standardIncidents(entities, 200));
        all.addAll(more);
        incidents = List.copyOf(all);
        kafka = EmbeddedKafka.start();
        kafka.createTopics(4, "features");
        for (String e : entities) {
            fleet.generate(e, RECORDS, START, 1000, incidents)
                    .forEach(r -> rows.add(change.apply(r)));
        }
        validRecords = rows.size();
        LocalStack.replay(
                kafka.bootstrapServers(), "features", rows, r -> fleet.toJson(r, false), MALFORMED);
    }

    /** A MiniCluster of two slots whose metrics go to {@code metrics}. */
    static MiniClusterExtension cluster(InMemoryReporter metrics) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .setConfiguration(metrics.addToConfiguration(new Configuration()))
                        .build());
    }

    /**
     * Starts the broker and produces the fleet's records, for runs on a cluster whose metrics go to
     * {@code metrics}.
     */
    static KafkaJobFixture start(Path dir, InMemoryReporter metrics) throws Exception {
        return start(dir, metrics, List.of(), UnaryOperator.identity());
    }

    /**
     * As {@link #start(Path, InMemoryReporter)}, with incidents {@code more} besides the standard
     * ones, and each generated record then changed by {@code change}.
     */
    static KafkaJobFixture start(
            Path dir, InMemoryReporter metrics, List<Injection> more, UnaryOperator<Row> change)
            throws Exception {
        return new KafkaJobFixture(dir, metrics, more, change);
    }

    /**
     * Runs the job over every record with the bundle of {@code models}, to topics named by name,
     * with job arguments {@code options} besides the fixture's.
     */
    JobExecutionResult run(
            String name,
            Path models,
            MapFunction<FeatureRecord, FeatureRecord> tap,
            String... options)
            throws Exception {
        kafka.createTopics(2, name + "-anomalies", name + "-dlq");
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve(name + "-checkpoints").toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bundle",
                                models.toString(),
                                "--kafka.bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--kafka.output-topic",
                                name + "-anomalies",
                                "--kafka.dead-letter-topic",
                                name + "-dlq",
                                "--kafka.group-id",
                                name,
                                "--kafka.transactional-id-prefix",
                                name,
                                "--kafka.starting-offsets",
                                "earliest",
                                "--kafka.bounded",
                                "true",
                                "--threshold.cooldown",
                                "60 s",
                                "--score.batch-size",
                                "16"));
        args.addAll(List.of(options));
        JobSettings settings =
                JobSettings.from(conf, JobArguments.parse(args.toArray(String[]::new)));
        ScoringWorkflow.define(
                env,
                settings,
                ModelBundle.load(models),
                KafkaConnectors.source(settings),
                KafkaConnectors.deadLetters(settings),
                KafkaConnectors.anomalies(settings),
                tap);
        return env.execute(name);
    }

    /**
     * The committed anomaly events of a run, waiting for at least {@code atLeast} of them: the last
     * transactions may become visible a moment after the job has finished.
     */
    List<AnomalyEvent> alerts(String name, long atLeast) throws Exception {
        return committed(name + "-anomalies", atLeast).stream()
                .map(r -> AnomalyEventCodec.decode(r.value()))
                .toList();
    }

    /** The committed anomaly events of a run, as many as its threshold emitted. */
    List<AnomalyEvent> alerts(String name, JobExecutionResult result) throws Exception {
        return alerts(name, counter(result, "residual.anomalies"));
    }

    /** An alert in one line, for the test's output: entity, seconds into the run, score. */
    static String describe(AnomalyEvent a) {
        return "ALERT "
                + a.entity
                + " "
                + (a.ts - START) / 1000
                + " "
                + a.score
                + " > "
                + a.threshold;
    }

    /** The committed dead letters of a run. */
    List<ConsumerRecord<byte[], byte[]>> deadLetters(String name) throws Exception {
        return committed(name + "-dlq", 2L * MALFORMED.size());
    }

    /**
     * Checks that a run dead-lettered every malformed record replayed, untouched, each with the
     * reason it was refused for in its headers.
     */
    void assertDeadLettersWithReasons(String name) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> dlq = deadLetters(name);
        assertThat(dlq).hasSize(2 * MALFORMED.size());
        Set<String> reasons = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            Header h = r.headers().lastHeader(DeadLetterSerializer.REASON);
            reasons.add(new String(h.value(), StandardCharsets.UTF_8));
            assertThat(MALFORMED).contains(new String(r.value(), StandardCharsets.UTF_8));
        }
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        "NOT_JSON",
                        "MISSING_ENTITY",
                        "WRONG_DIMENSION",
                        "NOT_FINITE",
                        "UNKNOWN_FEATURE");
    }

    private List<ConsumerRecord<byte[], byte[]>> committed(String topic, long atLeast)
            throws Exception {
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic, r -> {})) {
            reader.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reader.records().size() < atLeast && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            // Anything beyond what is awaited would be a duplicate: give it a moment to show.
            Thread.sleep(500);
            return reader.records();
        }
    }

    /** The sum of a counter over a run's subtasks. */
    long counter(JobExecutionResult result, String name) {
        return metrics.findMetrics(result.getJobID(), name).values().stream()
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    /** Whether an alert lies within an incident or the minute after it. */
    static boolean during(AnomalyEvent a, Injection inj) {
        long from = START + inj.start() * 1000L;
        long to = START + (inj.start() + inj.length()) * 1000L + 60_000;
        return a.entity.equals(inj.entity()) && a.ts >= from && a.ts <= to;
    }

    /**
     * Runs the job once as it is and once failing mid-stream (restoring from a checkpoint), and
     * checks that a read_committed consumer sees the same alerts, each once.
     */
    void assertFailureMidStreamChangesNoAlert(String prefix, Path models, int atLeast)
            throws Exception {
        List<AnomalyEvent> expected =
                alerts(prefix + "reference", run(prefix + "reference", models, null));
        assertThat(expected).hasSizeGreaterThanOrEqualTo(atLeast);

        FailOnce.reset(validRecords / 4);
        run(prefix + "failing", models, new FailOnce());
        assertThat(FailOnce.failed.get()).as("the job failed once").isTrue();
        List<AnomalyEvent> actual = alerts(prefix + "failing", expected.size());

        assertThat(keys(actual))
                .hasSize(actual.size())
                .containsExactlyInAnyOrderElementsOf(keys(expected));
    }

    /** The identities of alerts: equal lists mean the same alerts, duplicates show. */
    private static List<String> keys(List<AnomalyEvent> alerts) {
        return alerts.stream().map(a -> a.episodeId + "@" + a.ts).toList();
    }

    @Override
    public void close() throws Exception {
        kafka.close();
    }

    /**
     * Passes records through and throws once, after a checkpoint has completed and a quarter of the
     * records went by in its subtask, so the job restores from that checkpoint.
     */
    private static final class FailOnce
            implements MapFunction<FeatureRecord, FeatureRecord>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean failed = new AtomicBoolean();
        static final AtomicBoolean checkpointed = new AtomicBoolean();
        static final AtomicInteger seen = new AtomicInteger();
        static volatile int after;

        static void reset(int records) {
            failed.set(false);
            checkpointed.set(false);
            seen.set(0);
            after = records;
        }

        @Override
        public FeatureRecord map(FeatureRecord r) throws Exception {
            if (!failed.get() && seen.incrementAndGet() >= after) {
                if (checkpointed.get() && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("test failure mid-stream");
                }
                // Slow down until a checkpoint completes; blocking would hold the barrier back.
                Thread.sleep(1);
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed.set(true);
        }
    }
}
