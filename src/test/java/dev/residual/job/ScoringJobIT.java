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
import dev.residual.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring job end to end on a real Kafka broker and a Flink MiniCluster at parallelism 2: every
 * record is scored or dead-lettered, incidents alert, normal machines stay quiet, and a failure
 * mid-stream changes nothing a read_committed consumer sees.
 */
class ScoringJobIT {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    private static final int ENTITIES = 12;
    private static final int RECORDS = 400;
    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final List<String> MALFORMED =
            List.of(
                    "not json",
                    "{\"features\": [1,2,3,4,5,6,7,8]}",
                    "{\"entity\": \"machine-01\", \"features\": [1,2,3]}",
                    "{\"entity\": \"machine-01\", \"features\": {\"temp\": NaN}}",
                    "{\"entity\": \"machine-01\", \"features\": {\"bogus\": 1}}");

    @TempDir static Path dir;
    private static EmbeddedKafka kafka;
    private static Path models;
    private static List<Injection> incidents;
    private static int validRecords;

    @BeforeAll
    static void startBrokerTrainAndProduce() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(4, "features");
        SyntheticFleet fleet = new SyntheticFleet(8, 11);
        List<String> entities = SyntheticFleet.entities(ENTITIES);
        models = TestModels.retrain(fleet, entities, 800, dir, "--seed", "3");
        incidents = SyntheticFleet.standardIncidents(entities, 200);
        List<Row> rows = new ArrayList<>();
        for (String e : entities) {
            rows.addAll(fleet.generate(e, RECORDS, START, 1000, incidents));
        }
        validRecords = rows.size();
        LocalStack.replay(
                kafka.bootstrapServers(), "features", rows, r -> fleet.toJson(r, false), MALFORMED);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    private static JobExecutionResult run(
            String name, MapFunction<FeatureRecord, FeatureRecord> tap) throws Exception {
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
        JobSettings settings =
                JobSettings.from(
                        conf,
                        JobArguments.parse(
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
        ScoringWorkflow.define(
                env,
                settings,
                dev.residual.model.ModelBundle.load(models),
                KafkaConnectors.source(settings),
                KafkaConnectors.deadLetters(settings),
                KafkaConnectors.anomalies(settings),
                tap);
        return env.execute(name);
    }

    private static List<AnomalyEvent> alerts(String topic) throws Exception {
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic, r -> {})) {
            reader.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30));
            return reader.records().stream().map(r -> AnomalyEventCodec.decode(r.value())).toList();
        }
    }

    private static long counter(JobExecutionResult result, String name) {
        return METRICS.findMetrics(result.getJobID(), name).values().stream()
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    @Test
    void everyRecordIsScoredOrDeadLetteredAndIncidentsAlertOnce() throws Exception {
        JobExecutionResult result = run("plain", null);
        METRICS.findMetrics(result.getJobID(), "residual")
                .forEach(
                        (k, v) ->
                                System.out.println(
                                        "METRIC "
                                                + k
                                                + " = "
                                                + (v instanceof Counter c ? c.getCount() : v)));

        assertThat(counter(result, "residual.scored")).isEqualTo(validRecords);
        try (TopicReader dlq = new TopicReader(kafka.bootstrapServers(), "plain-dlq", r -> {})) {
            dlq.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30));
            assertThat(dlq.records()).hasSize(2 * MALFORMED.size());
            Set<String> reasons = new HashSet<>();
            for (var r : dlq.records()) {
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

        List<AnomalyEvent> alerts = alerts("plain-anomalies");
        alerts.forEach(
                a ->
                        System.out.println(
                                "ALERT "
                                        + a.entity
                                        + " "
                                        + (a.ts - START) / 1000
                                        + " "
                                        + a.score
                                        + " > "
                                        + a.threshold));
        Set<String> incidentEntities = new HashSet<>();
        for (Injection inj : incidents) {
            incidentEntities.add(inj.entity());
            if (inj.kind() == SyntheticFleet.Kind.STUCK) {
                // A stuck sensor is invisible to a pointwise model until the others move away
                // from it; windowed models are the ones to catch it. Its entity may still alert.
                continue;
            }
            long from = START + inj.start() * 1000L;
            long to = START + (inj.start() + inj.length()) * 1000L + 60_000;
            assertThat(alerts)
                    .as("an alert for %s", inj)
                    .anyMatch(a -> a.entity.equals(inj.entity()) && a.ts >= from && a.ts <= to);
        }
        assertThat(alerts)
                .as("normal machines stay quiet")
                .allMatch(a -> incidentEntities.contains(a.entity));
        assertThat(alerts).allMatch(a -> a.score > a.threshold && !a.topFeatures.isEmpty());
    }

    @Test
    void failureMidStreamYieldsEveryAlertExactlyOnce() throws Exception {
        run("reference", null);
        List<AnomalyEvent> expected = alerts("reference-anomalies");
        assertThat(expected).hasSizeGreaterThanOrEqualTo(incidents.size() - 1);

        FailOnce.reset(validRecords / 4);
        run("failing", new FailOnce());
        assertThat(FailOnce.failed.get()).as("the job failed once").isTrue();
        List<AnomalyEvent> actual = alerts("failing-anomalies");

        assertThat(keys(actual))
                .hasSize(actual.size())
                .containsExactlyInAnyOrderElementsOf(keys(expected));
    }

    private static List<String> keys(List<AnomalyEvent> alerts) {
        return alerts.stream().map(a -> a.episodeId + "@" + a.ts).toList();
    }

    /**
     * Passes records through and throws once, after a checkpoint has completed and a quarter of the
     * records went by in its subtask, so the job restores from that checkpoint.
     */
    static final class FailOnce
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
