package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.cli.EmbeddedKafka;
import dev.residual.model.BundleWriter;
import dev.residual.testing.TestModels;
import dev.residual.train.RetrainedModel;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka.transaction-timeout accepts up to 1 h, while brokers refuse transactional producers whose
 * timeout exceeds transaction.max.timeout.ms (15 min by default). A value of 20 min passes every
 * check at start; then each sink's producer fails InitProducerId with InvalidTxnTimeoutException in
 * the task, and the job restarts for ever (here: fails, with no restarts). A wrong option should
 * stop the job at start, with the option's name.
 */
class TransactionTimeoutIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir Path dir;

    @Test
    void aTransactionTimeoutTheBrokerRefusesStopsTheJobAtStartNamingTheOption() throws Exception {
        RetrainedModel trained = TestModels.dense();
        Path bundle = BundleWriter.write(dir, "b1", trained.manifest(), trained.files());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, "in", "out", "dlq");
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
            conf.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    dir.resolve("checkpoints").toUri().toString());
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
                                    "--kafka.transaction-timeout", "20 min"));

            assertThatThrownBy(() -> ScoringJob.build(env, settings).execute("txn-timeout"))
                    .hasMessageContaining("kafka.transaction-timeout");
        }
    }
}
