package dev.residual.job;

import dev.residual.io.DeadLetterSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits of the Kafka brokers that the options must respect, asked of a broker at submission. A
 * transactional producer whose transaction.timeout.ms exceeds the broker's
 * transaction.max.timeout.ms is refused in the task (InitProducerId), and the job would restart for
 * ever; checked here, the option is named before the job is submitted. A dead letter larger than
 * the dead-letter topic's max.message.bytes would be refused the same way: the topic's limit is
 * asked here and dead letters are cut to it.
 */
final class BrokerLimits {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerLimits.class);

    /** The broker setting that bounds a producer's transaction timeout. */
    static final String TRANSACTION_MAX_TIMEOUT = "transaction.max.timeout.ms";

    /** The topic setting that bounds a record batch written to it. */
    static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    /** The broker setting a topic created without its own max.message.bytes takes. */
    static final String MESSAGE_MAX_BYTES = "message.max.bytes";

    /** Kafka's default transaction.max.timeout.ms: the bound when no broker can be asked. */
    static final Duration DEFAULT_TRANSACTION_MAX_TIMEOUT = Duration.ofMinutes(15);

    /** How long submission waits for a broker's answer. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private BrokerLimits() {}

    /**
     * Refuses a kafka.transaction-timeout above a broker's transaction.max.timeout.ms, or above
     * Kafka's default of 15 min when no broker answers within {@code wait}.
     *
     * @throws OptionsException naming kafka.transaction-timeout and the broker setting
     */
    static void checkTransactionTimeout(JobSettings s, Duration wait) {
        Duration max;
        String source;
        try {
            max = transactionMaxTimeout(s, wait);
            source = "the broker's " + TRANSACTION_MAX_TIMEOUT + " (" + max.toMillis() + " ms)";
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            max = DEFAULT_TRANSACTION_MAX_TIMEOUT;
            source =
                    "Kafka's default "
                            + TRANSACTION_MAX_TIMEOUT
                            + " ("
                            + max.toMillis()
                            + " ms): no broker at "
                            + s.bootstrapServers
                            + " told its own within "
                            + wait.toSeconds()
                            + " s ("
                            + e
                            + ")";
            LOG.warn("Transaction timeout checked against {}", source);
        }
        if (s.transactionTimeout.compareTo(max) > 0) {
            throw new OptionsException(
                    "option "
                            + ResidualOptions.TRANSACTION_TIMEOUT.key()
                            + " ("
                            + s.transactionTimeout.toMillis()
                            + " ms) must be at most "
                            + source
                            + ": the brokers refuse longer transactions");
        }
    }

    /** Asks one broker of the cluster for its transaction.max.timeout.ms. */
    private static Duration transactionMaxTimeout(JobSettings s, Duration wait) throws Exception {
        int ms = (int) wait.toMillis();
        Admin admin = admin(s, ms);
        try {
            return Duration.ofMillis(
                    Long.parseLong(brokerSetting(admin, TRANSACTION_MAX_TIMEOUT, ms)));
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /**
     * The largest dead letter the job may write, record batch included: the smaller of the
     * producers' max.request.size and the dead-letter topic's max.message.bytes, asked of a broker
     * at start, or the broker's message.max.bytes when the topic does not exist yet (what a topic
     * created without its own setting takes). A larger dead letter would be refused by the broker
     * and fail the job. When no broker answers within {@code wait}, the producers' limit alone,
     * with a warning that says so.
     *
     * @throws OptionsException naming kafka.dead-letter-topic when the topic takes too little for a
     *     dead letter's headers
     */
    static int deadLetterBytes(JobSettings s, Duration wait) {
        TopicLimit topic;
        try {
            topic = deadLetterTopicLimit(s, wait);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn(
                    "Dead letters are cut to the producers' max.request.size ({} bytes) alone: no"
                            + " broker at {} told the {} of dead-letter topic {} within {} s ({});"
                            + " a dead letter larger than the topic takes would fail the job",
                    s.maxRequestBytes,
                    s.bootstrapServers,
                    MAX_MESSAGE_BYTES,
                    s.deadLetterTopic,
                    wait.toSeconds(),
                    e.toString());
            return s.maxRequestBytes;
        }
        return deadLetterBytes(s.maxRequestBytes, topic.bytes(), topic.source());
    }

    /**
     * The smaller of the producers' limit and the dead-letter topic's, {@code topicSource} saying
     * where the topic's comes from.
     *
     * @throws OptionsException naming kafka.dead-letter-topic when the topic's limit leaves no room
     *     for a dead letter's headers
     */
    static int deadLetterBytes(int maxRequestBytes, int topicBytes, String topicSource) {
        if (topicBytes < DeadLetterSerializer.MIN_MAX_REQUEST_BYTES) {
            throw new OptionsException(
                    "option "
                            + ResidualOptions.DEAD_LETTER_TOPIC.key()
                            + ": "
                            + topicSource
                            + " ("
                            + topicBytes
                            + " bytes) must be at least "
                            + DeadLetterSerializer.MIN_MAX_REQUEST_BYTES
                            + " (room for a dead letter's headers)");
        }
        return Math.min(maxRequestBytes, topicBytes);
    }

    /** A limit on record batches in bytes, and where it comes from. */
    record TopicLimit(int bytes, String source) {}

    /** Asks a broker what the dead-letter topic takes, or will take once created. */
    private static TopicLimit deadLetterTopicLimit(JobSettings s, Duration wait) throws Exception {
        int ms = (int) wait.toMillis();
        Admin admin = admin(s, ms);
        try {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, s.deadLetterTopic);
            try {
                return new TopicLimit(
                        Integer.parseInt(setting(admin, topic, MAX_MESSAGE_BYTES, ms)),
                        "the dead-letter topic " + s.deadLetterTopic + "'s " + MAX_MESSAGE_BYTES);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            return new TopicLimit(
                    Integer.parseInt(brokerSetting(admin, MESSAGE_MAX_BYTES, ms)),
                    "the broker's "
                            + MESSAGE_MAX_BYTES
                            + ", which the dead-letter topic "
                            + s.deadLetterTopic
                            + " (not created yet) would take");
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** An admin client of the job's cluster whose calls give up after {@code ms}. */
    private static Admin admin(JobSettings s, int ms) {
        Properties props = s.kafkaProperties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers);
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        return Admin.create(props);
    }

    /** A setting of one broker of the cluster. */
    private static String brokerSetting(Admin admin, String name, int ms) throws Exception {
        List<Node> nodes =
                List.copyOf(
                        admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms))
                                .nodes()
                                .get(ms, TimeUnit.MILLISECONDS));
        ConfigResource broker =
                new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(nodes.get(0).id()));
        return setting(admin, broker, name, ms);
    }

    /** A setting of a broker or topic, trimmed. */
    private static String setting(Admin admin, ConfigResource resource, String name, int ms)
            throws Exception {
        Config config =
                admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().timeoutMs(ms))
                        .values()
                        .get(resource)
                        .get(ms, TimeUnit.MILLISECONDS);
        ConfigEntry entry = config.get(name);
        if (entry == null || entry.value() == null) {
            throw new IllegalStateException(
                    resource.type().name().toLowerCase(Locale.ROOT)
                            + " "
                            + resource.name()
                            + " did not say its "
                            + name);
        }
        return entry.value().trim();
    }
}
