package dev.residual.job;

import dev.residual.model.BundleException;
import dev.residual.model.ModelBundle;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The scoring job's entry point: {@code flink run -c dev.residual.job.ScoringJob
 * residual-<version>-job.jar --bundle DIR --kafka.bootstrap-servers HOST:PORT [--key value ...]}.
 * Options come from Flink's configuration and the arguments (which win); {@code --help} lists them.
 * Wiring only: the workflow is {@link ScoringWorkflow}.
 */
public final class ScoringJob {
    private static final String AUTO_COMMIT = "enable.auto.commit";

    private ScoringJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(usage());
            return;
        }
        Configuration arguments;
        try {
            arguments = JobArguments.parse(args);
        } catch (OptionsException e) {
            System.err.println("residual: " + e.getMessage());
            System.err.println(usage());
            throw e;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobSettings settings;
        try {
            settings = JobSettings.from(env.getConfiguration(), arguments);
            build(env, settings);
        } catch (OptionsException e) {
            // A wrong value, a bad bundle or settings that do not go together: said on one line
            // before the client reports the exception (so that the run fails).
            System.err.println("residual: " + e.getMessage() + " (--help lists the options)");
            throw e;
        }
        env.execute(settings.jobName);
    }

    /** Reads the bundle and defines the job with Kafka source and sinks in {@code env}. */
    public static StreamExecutionEnvironment build(
            StreamExecutionEnvironment env, JobSettings settings) {
        if (settings.deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE
                && !env.getCheckpointConfig().isCheckpointingEnabled()) {
            // The sink commits its transactions on checkpoints: without them nothing would
            // ever become visible to read_committed consumers.
            throw new OptionsException(
                    "delivery.guarantee exactly-once needs checkpointing: set"
                            + " execution.checkpointing.interval (Flink's configuration or -D), or"
                            + " choose --delivery.guarantee at-least-once");
        }
        long interval = env.getCheckpointConfig().getCheckpointInterval();
        if (settings.deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE
                && settings.transactionTimeout.toMillis() <= interval) {
            throw new OptionsException(
                    "kafka.transaction-timeout ("
                            + settings.transactionTimeout
                            + ") must be longer than the checkpoint interval ("
                            + interval
                            + " ms): transactions stay open from one checkpoint to the next");
        }
        checkOffsetsAreCommitted(env, settings);
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(Path.of(settings.bundle));
        } catch (BundleException e) {
            throw new OptionsException("option bundle: " + e.getMessage(), e);
        }
        if (settings.deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            BrokerLimits.checkTransactionTimeout(settings, BrokerLimits.ASK_TIMEOUT);
        }
        ScoringWorkflow.define(
                env,
                settings,
                bundle,
                KafkaConnectors.source(settings),
                KafkaConnectors.deadLetters(settings),
                KafkaConnectors.anomalies(settings));
        return env;
    }

    /**
     * The source commits the group's offsets on checkpoints; without checkpoints it relies on the
     * Kafka consumer's enable.auto.commit, which the connector turns off unless it is set. An
     * unbounded at-least-once job without checkpoints would then never commit, and its next
     * submission from the committed offsets would read the whole topic again: refused, naming the
     * ways out. (Bounded runs are replays: each reads from where the group stands.)
     */
    private static void checkOffsetsAreCommitted(
            StreamExecutionEnvironment env, JobSettings settings) {
        if (settings.deliveryGuarantee == DeliveryGuarantee.AT_LEAST_ONCE
                && !env.getCheckpointConfig().isCheckpointingEnabled()
                && !settings.bounded
                && "committed".equals(settings.startingOffsets)
                && !Boolean.parseBoolean(
                        settings.kafkaProperties().getProperty(AUTO_COMMIT, "false").trim())) {
            throw new OptionsException(
                    "delivery.guarantee at-least-once without checkpointing commits no offsets to"
                            + " kafka.group-id, so each submission with kafka.starting-offsets"
                            + " committed would read the topic from its start: set"
                            + " execution.checkpointing.interval (offsets are committed on"
                            + " checkpoints), or kafka.properties."
                            + AUTO_COMMIT
                            + " true (the consumer commits what it has read while the job"
                            + " runs, every auto.commit.interval.ms, 5 s by default, so a"
                            + " failure may skip records read but not yet written), or"
                            + " kafka.starting-offsets earliest or latest");
        }
    }

    /** Starts the job without waiting for it, for the demo and tests on a local cluster. */
    public static JobClient start(StreamExecutionEnvironment env, JobSettings settings)
            throws Exception {
        return build(env, settings).executeAsync(settings.jobName);
    }

    static String usage() {
        return "Usage: flink run -c dev.residual.job.ScoringJob residual-<version>-job.jar --bundle DIR"
                + " --kafka.bootstrap-servers HOST:PORT [--key value ...]\n\nOptions:\n"
                + JobArguments.help();
    }
}
