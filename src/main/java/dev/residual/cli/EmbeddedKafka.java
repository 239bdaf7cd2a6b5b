package dev.residual.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real, single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM,
 * with its data in a temporary directory deleted on close. It is the broker of the demo and of the
 * integration tests: the same code as a production broker, only smaller.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final Path dataDir;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir) {
        this.cluster = cluster;
        this.dataDir = dataDir;
    }

    /** Formats and starts a broker, and waits until it accepts clients. */
    public static EmbeddedKafka start() throws Exception {
        Path dir = Files.createTempDirectory("residual-kafka-");
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        // The test kit defaults to the newest, possibly unstable, metadata version.
                        .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setBaseDirectory(dir)
                        .build();
        KafkaClusterTestKit cluster =
                new KafkaClusterTestKit.Builder(nodes)
                        // One broker: internal topics cannot have three replicas.
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "4")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "4")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        // Records carry their event time, and replays and tests use event times
                        // far in the past: time-based retention (7 days by default, checked every
                        // 5 minutes) would delete them mid-run. The broker lives as long as its
                        // temporary directory, so it keeps everything.
                        .setConfigProp("log.retention.ms", "-1")
                        .setDeleteOnClose(true)
                        .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        EmbeddedKafka kafka = new EmbeddedKafka(cluster, dir);
        kafka.warmUpGroupCoordinator();
        return kafka;
    }

    /**
     * Creates the offsets topic up front by asking for a group's offsets until the coordinator
     * answers. Otherwise the first consumer to commit creates it, and its commits fail as
     * "coordinator not available" for seconds, which delays the offsets a Flink job commits on
     * checkpoints.
     */
    private void warmUpGroupCoordinator() throws Exception {
        try (Admin admin = admin()) {
            admin.listConsumerGroupOffsets("residual-warm-up")
                    .partitionsToOffsetAndMetadata()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    /** The {@code host:port} list for clients. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates topics with the given partition count and replication factor 1, and waits. */
    public void createTopics(int partitions, String... topics) throws Exception {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) {
            newTopics.add(new NewTopic(topic, partitions, (short) 1));
        }
        try (Admin admin = admin()) {
            admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** An admin client of this broker; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.putAll(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers(),
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        60_000));
        return Admin.create(props);
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            LocalStack.deleteQuietly(dataDir);
        }
    }
}
