package dev.residual.job;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits of the Kafka brokers that the options must respect, asked of a broker at submission. A
 * transactional producer whose transaction.timeout.ms exceeds the broker's
 * transaction.max.timeout.ms is refused in the task (InitProducerId), and the job would restart for
 * ever; checked here, the option is named before the job is submitted.
 */
final class BrokerLimits {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerLimits.class);

    /** The broker setting that bounds a producer's transaction timeout. */
    static final String TRANSACTION_MAX_TIMEOUT = "transaction.max.timeout.ms";

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
        Properties props = s.kafkaProperties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers);
        int ms = (int) wait.toMillis();
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        Admin admin = Admin.create(props);
        try {
            List<Node> nodes =
                    List.copyOf(
                            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms))
                                    .nodes()
                                    .get(ms, TimeUnit.MILLISECONDS));
            ConfigResource broker =
                    new ConfigResource(
                            ConfigResource.Type.BROKER, Integer.toString(nodes.get(0).id()));
            Config config =
                    admin.describeConfigs(
                                    List.of(broker), new DescribeConfigsOptions().timeoutMs(ms))
                            .all()
                            .get(ms, TimeUnit.MILLISECONDS)
                            .get(broker);
            ConfigEntry entry = config.get(TRANSACTION_MAX_TIMEOUT);
            if (entry == null || entry.value() == null) {
                throw new IllegalStateException(
                        "broker " + broker.name() + " did not say its " + TRANSACTION_MAX_TIMEOUT);
            }
            return Duration.ofMillis(Long.parseLong(entry.value().trim()));
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
