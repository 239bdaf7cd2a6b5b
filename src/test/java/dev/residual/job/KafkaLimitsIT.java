package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.cli.EmbeddedKafka;
import dev.residual.cli.TopicReader;
import dev.residual.io.DeadLetterSerializer;
import dev.residual.model.BundleWriter;
import dev.residual.testing.TestModels;
import dev.residual.train.RetrainedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against limits a Kafka broker has with every default: the request size (1 MiB) and the
 * longest transaction (transaction.max.timeout.ms, 15 min). Each test runs the real job
 * (ScoringJob.build) on a MiniCluster, with no restarts so that a failure shows at once.
 */
class KafkaLimitsIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir static Path dir;
    private static EmbeddedKafka kafka;
    private static Path bundle;

    @BeforeAll
    static void start() throws Exception {
        RetrainedModel trained = TestModels.dense();
        bundle = BundleWriter.write(dir, "b1", trained.manifest(), trained.files());
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    /** The job over topics {@code name}-in, -out and -dlq, bounded, with {@code more} options. */
    private static StreamExecutionEnvironment job(String name, String... more) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve(name + "-checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--kafka.input-topic",
                                name + "-in",
                                "--kafka.output-topic",
                                name + "-out",
                                "--kafka.dead-letter-topic",
                                name + "-dlq",
                                "--kafka.transactional-id-prefix",
                                name,
                                "--kafka.starting-offsets",
                                "earliest",
                                "--kafka.bounded",
                                "true"));
        args.addAll(List.of(more));
        return ScoringJob.build(
                env, settings(conf, kafka.bootstrapServers(), args.toArray(String[]::new)));
    }

    /**
     * A record that Kafka accepted on the input topic with every broker and client default must
     * reach the dead letters ("the job must never die on data"), however large. The dead letter is
     * the same value plus six headers, so a value near the 1 MiB request limit no longer fits: the
     * DLQ producer refuses it (RecordTooLargeException), the sink fails the job, and a restart
     * reads the same record again.
     */
    @Test
    void aLargeRecordTheInputTopicAcceptedReachesTheDeadLettersWithoutFailingTheJob()
            throws Exception {
        kafka.createTopics(1, "large-in", "large-out", "large-dlq");
        // Just under the producer's default max.request.size (1048576) with its batch overhead.
        byte[] value = new byte[1_048_450];
        Arrays.fill(value, (byte) 'x');
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    "large-in", "m".getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }

        job("large", "--delivery.guarantee", "at-least-once").execute("large");

        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "large-dlq", r -> {})) {
            reader.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30));
            List<ConsumerRecord<byte[], byte[]>> dlq = reader.records();
            assertThat(dlq).hasSize(1);
            assertThat(dlq.get(0).headers().lastHeader(DeadLetterSerializer.OFFSET).value())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("0");
        }
    }

    /**
     * An input topic that takes 4 MiB records, read by a job given
     * kafka.properties.max.request.size 4 MiB (so that its producers may write what it reads), and
     * a dead-letter topic with the broker's default limit (1 MiB): a 2 MiB record is TOO_LARGE, and
     * its dead letter, cut to the producer's limit only, would pass the producer's check and be
     * refused by the broker (RecordTooLargeException), failing the job and every restart. It is cut
     * to the topic's limit.
     */
    @Test
    void aDeadLetterLargerThanTheDeadLetterTopicAcceptsDoesNotFailTheJob() throws Exception {
        int fourMib = 4 << 20;
        try (var admin = kafka.admin()) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("topiclimit-in", 1, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            "max.message.bytes",
                                                            Integer.toString(fourMib))),
                                    new NewTopic("topiclimit-out", 1, (short) 1),
                                    new NewTopic("topiclimit-dlq", 1, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        byte[] value = new byte[2 << 20];
        Arrays.fill(value, (byte) 'x');
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(fourMib));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("topiclimit-in", null, value)).get();
        }

        job(
                        "topiclimit",
                        "--delivery.guarantee",
                        "at-least-once",
                        "--kafka.properties.max.request.size",
                        Integer.toString(fourMib))
                .execute("topiclimit");

        try (TopicReader reader =
                new TopicReader(kafka.bootstrapServers(), "topiclimit-dlq", r -> {})) {
            reader.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30));
            List<ConsumerRecord<byte[], byte[]>> dlq = reader.records();
            assertThat(dlq).hasSize(1);
            assertThat(dlq.get(0).headers().lastHeader(DeadLetterSerializer.VALUE_BYTES).value())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo(Integer.toString(2 << 20));
        }
    }

    /**
     * The dead letters' limit is the smaller of the producer's max.request.size and the existing
     * dead-letter topic's own max.message.bytes, asked of the broker.
     */
    @Test
    void theDeadLetterLimitIsTheSmallerOfTheRequestSizeAndTheTopicsMaxMessageBytes()
            throws Exception {
        createTopic("limit-small-dlq", 300_000);

        assertThat(deadLetterBytes("limit-small-dlq", 4 << 20)).isEqualTo(300_000);
        assertThat(deadLetterBytes("limit-small-dlq", 100_000)).isEqualTo(100_000);
    }

    /**
     * A dead-letter topic that does not exist yet will be created with the broker's
     * message.max.bytes (Kafka's default, 1 MiB and 12 bytes, on this broker).
     */
    @Test
    void beforeTheDeadLetterTopicExistsTheLimitIsTheBrokersMessageMaxBytes() {
        assertThat(deadLetterBytes("limit-not-created-dlq", 4 << 20)).isEqualTo((1 << 20) + 12);
    }

    /** The dead letters' limit for {@code topic} on this broker, with that max.request.size. */
    private static int deadLetterBytes(String topic, int maxRequestSize) {
        return BrokerLimits.deadLetterBytes(
                settings(
                        kafka.bootstrapServers(),
                        "--kafka.dead-letter-topic",
                        topic,
                        "--kafka.properties.max.request.size",
                        Integer.toString(maxRequestSize)),
                BrokerLimits.ASK_TIMEOUT);
    }

    /** A dead-letter topic too small for a dead letter's headers stops the job at start. */
    @Test
    void aDeadLetterTopicTooSmallForTheHeadersStopsTheJobAtStartNamingTheOption() throws Exception {
        kafka.createTopics(1, "tiny-in", "tiny-out");
        createTopic("tiny-dlq", 1000);

        assertThatThrownBy(() -> job("tiny", "--delivery.guarantee", "at-least-once"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("option kafka.dead-letter-topic")
                .hasMessageContaining("tiny-dlq's max.message.bytes (1000 bytes)");
    }

    /** With no broker to ask, dead letters are cut to the producer's limit alone. */
    @Test
    void withoutABrokerToAskTheDeadLetterLimitIsTheRequestSize() {
        String nowhere = "localhost:" + closedPort();
        assertThat(
                        BrokerLimits.deadLetterBytes(
                                settings(nowhere, "--kafka.properties.max.request.size", "200000"),
                                Duration.ofSeconds(1)))
                .isEqualTo(200_000);
    }

    private static void createTopic(String name, int maxMessageBytes) throws Exception {
        try (var admin = kafka.admin()) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(name, 1, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            "max.message.bytes",
                                                            Integer.toString(maxMessageBytes)))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * kafka.transaction-timeout accepts up to 1 h, while brokers refuse transactional producers
     * whose timeout exceeds transaction.max.timeout.ms (15 min by default). 20 min passes every
     * check at start; then each sink's producer fails InitProducerId in the task ("The transaction
     * timeout is larger than the maximum value allowed by the broker"), and the job restarts for
     * ever. A wrong option should stop the job at start, with the option's name.
     */
    @Test
    void aTransactionTimeoutTheBrokerRefusesStopsTheJobAtStartNamingTheOption() throws Exception {
        kafka.createTopics(1, "txn-in", "txn-out", "txn-dlq");

        assertThatThrownBy(() -> job("txn", "--kafka.transaction-timeout", "20 min").execute("txn"))
                .hasMessageContaining("kafka.transaction-timeout");
    }

    /**
     * At-least-once without checkpoints, from the committed offsets, with the consumer's
     * auto-commit the job asks for: while the job runs, the group's offsets follow what it read, so
     * the next submission goes on from there instead of reading the topic again.
     */
    @Test
    void withoutCheckpointsAutoCommitMovesTheGroupToWhatTheJobRead() throws Exception {
        kafka.createTopics(1, "auto-in", "auto-out", "auto-dlq");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("auto-in", ("not json " + i).getBytes())).get();
            }
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        JobSettings settings =
                JobSettings.from(
                        conf,
                        JobArguments.parse(
                                "--bundle", bundle.toString(),
                                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                                "--kafka.input-topic", "auto-in",
                                "--kafka.output-topic", "auto-out",
                                "--kafka.dead-letter-topic", "auto-dlq",
                                "--kafka.group-id", "auto",
                                "--delivery.guarantee", "at-least-once",
                                "--kafka.properties.enable.auto.commit", "true",
                                "--kafka.properties.auto.commit.interval.ms", "100"));

        var job = ScoringJob.start(env, settings);
        try (var admin = kafka.admin()) {
            TopicPartition in = new TopicPartition("auto-in", 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Long committed = null;
            while ((committed == null || committed < 3) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                OffsetAndMetadata o =
                        admin.listConsumerGroupOffsets("auto")
                                .partitionsToOffsetAndMetadata()
                                .get(30, TimeUnit.SECONDS)
                                .get(in);
                committed = o == null ? null : o.offset();
            }
            assertThat(committed).as("the group's committed offset of auto-in").isEqualTo(3L);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** The bound is the broker's own setting, read at submission, and named in the message. */
    @Test
    void theTransactionTimeoutIsCheckedAgainstTheBrokersSetting() throws Exception {
        assertThatThrownBy(
                        () ->
                                BrokerLimits.checkTransactionTimeout(
                                        settings(
                                                kafka.bootstrapServers(),
                                                "--kafka.transaction-timeout",
                                                "16 min"),
                                        BrokerLimits.ASK_TIMEOUT))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("kafka.transaction-timeout (960000 ms)")
                .hasMessageContaining("the broker's transaction.max.timeout.ms (900000 ms)");
        BrokerLimits.checkTransactionTimeout(
                settings(kafka.bootstrapServers(), "--kafka.transaction-timeout", "15 min"),
                BrokerLimits.ASK_TIMEOUT);
    }

    /**
     * With no broker to ask at submission, Kafka's default bound holds, and the message says so.
     */
    @Test
    void withoutABrokerToAskTheTransactionTimeoutIsBoundByKafkasDefault() {
        String nowhere = "localhost:" + closedPort();
        assertThatThrownBy(
                        () ->
                                BrokerLimits.checkTransactionTimeout(
                                        settings(nowhere, "--kafka.transaction-timeout", "16 min"),
                                        Duration.ofSeconds(1)))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("kafka.transaction-timeout (960000 ms)")
                .hasMessageContaining("Kafka's default transaction.max.timeout.ms (900000 ms)")
                .hasMessageContaining("no broker at " + nowhere);
        BrokerLimits.checkTransactionTimeout(
                settings(nowhere, "--kafka.transaction-timeout", "15 min"), Duration.ofSeconds(1));
    }

    private static JobSettings settings(String bootstrap, String... more) {
        return settings(new Configuration(), bootstrap, more);
    }

    /** The settings from {@code conf} and the arguments: the test bundle, bootstrap, more. */
    private static JobSettings settings(Configuration conf, String bootstrap, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bundle",
                                bundle.toString(),
                                "--kafka.bootstrap-servers",
                                bootstrap));
        args.addAll(List.of(more));
        return JobSettings.from(conf, JobArguments.parse(args.toArray(String[]::new)));
    }

    /** A port nothing listens on: one the system just gave out and took back. */
    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
