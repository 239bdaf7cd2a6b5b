package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.cli.EmbeddedKafka;
import dev.residual.cli.TopicReader;
import dev.residual.io.DeadLetterSerializer;
import dev.residual.model.BundleWriter;
import dev.residual.model.ModelBundle;
import dev.residual.testing.TestModels;
import dev.residual.train.RetrainedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record that Kafka accepted on the input topic, with every broker and client default, must reach
 * the dead letters as the job's contract says ("the job must never die on data"), however large it
 * is. The dead letter is the same value plus six headers, so a value near the 1 MiB request limit
 * no longer fits: the DLQ producer refuses it, the sink fails the job, and the restart reads the
 * same record again.
 */
class DeadLetterSizeIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir Path dir;

    @Test
    void aLargeRecordTheInputTopicAcceptedReachesTheDeadLettersWithoutFailingTheJob()
            throws Exception {
        RetrainedModel trained = TestModels.dense();
        Path bundle = BundleWriter.write(dir, "b1", trained.manifest(), trained.files());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, "in", "out", "dlq");
            // Just under the producer's default max.request.size (1048576) with its batch
            // overhead: the broker and producer defaults take it.
            byte[] value = new byte[1_048_450];
            Arrays.fill(value, (byte) 'x');
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(
                                new ProducerRecord<>(
                                        "in", "m".getBytes(StandardCharsets.UTF_8), value))
                        .get();
            }

            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            JobSettings settings =
                    JobSettings.from(
                            conf,
                            JobArguments.parse(
                                    "--bundle", bundle.toString(),
                                    "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                                    "--kafka.input-topic", "in",
                                    "--kafka.output-topic", "out",
                                    "--kafka.dead-letter-topic", "dlq",
                                    "--kafka.starting-offsets", "earliest",
                                    "--kafka.bounded", "true",
                                    "--delivery.guarantee", "at-least-once"));
            ScoringWorkflow.define(
                    env,
                    settings,
                    ModelBundle.load(bundle),
                    KafkaConnectors.source(settings),
                    KafkaConnectors.deadLetters(settings),
                    KafkaConnectors.anomalies(settings));

            env.execute("dlq-size"); // fails today: RecordTooLargeException from the DLQ sink

            try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "dlq", r -> {})) {
                reader.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30));
                List<ConsumerRecord<byte[], byte[]>> dlq = reader.records();
                assertThat(dlq).hasSize(1);
                assertThat(
                                new String(
                                        dlq.get(0)
                                                .headers()
                                                .lastHeader(DeadLetterSerializer.OFFSET)
                                                .value(),
                                        StandardCharsets.UTF_8))
                        .isEqualTo("0");
            }
        }
    }
}
