package dev.residual.job;

import dev.residual.io.AnomalyEvent;
import dev.residual.io.AnomalyEventSerializer;
import dev.residual.io.DeadLetter;
import dev.residual.io.DeadLetterSerializer;
import dev.residual.io.RawRecord;
import dev.residual.io.RawRecordDeserializer;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The Kafka source and sinks of the scoring job, built from its settings. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /** The source of raw feature records. */
    @SuppressWarnings("deprecation") // OffsetResetStrategy is what the connector's API takes.
    public static KafkaSource<RawRecord> source(JobSettings s) {
        OffsetsInitializer start =
                switch (s.startingOffsets) {
                    case "earliest" -> OffsetsInitializer.earliest();
                    case "latest" -> OffsetsInitializer.latest();
                    default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                };
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setProperties(s.kafkaProperties())
                        .setBootstrapServers(s.bootstrapServers)
                        .setTopics(s.inputTopic)
                        .setGroupId(s.groupId)
                        .setStartingOffsets(start)
                        .setDeserializer(new RawRecordDeserializer())
                        // Records of aborted transactions must never be scored.
                        .setProperty("isolation.level", "read_committed");
        if (s.bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** The sink of anomaly events. */
    public static KafkaSink<AnomalyEvent> anomalies(JobSettings s) {
        return sink(s, new AnomalyEventSerializer(s.outputTopic), "anomalies");
    }

    /** The sink of dead letters; asks a broker what the dead-letter topic takes. */
    public static KafkaSink<DeadLetter> deadLetters(JobSettings s) {
        return sink(s, deadLetterSerializer(s), "dlq");
    }

    /**
     * Dead letters cut to the smaller of the producer's max.request.size and the dead-letter
     * topic's max.message.bytes (asked of a broker now, see {@link BrokerLimits#deadLetterBytes}),
     * so that a record the input topic accepted cannot fail the sink for the headers it gains or
     * for a dead-letter topic that takes less.
     */
    static DeadLetterSerializer deadLetterSerializer(JobSettings s) {
        return new DeadLetterSerializer(
                s.deadLetterTopic,
                AnomalyEventSerializer.DEFAULT_MAX_FUTURE_MS,
                BrokerLimits.deadLetterBytes(s, BrokerLimits.ASK_TIMEOUT));
    }

    private static <T> KafkaSink<T> sink(
            JobSettings s, KafkaRecordSerializationSchema<T> schema, String name) {
        Properties props = s.kafkaProperties();
        props.setProperty("transaction.timeout.ms", Long.toString(s.transactionTimeout.toMillis()));
        var builder =
                KafkaSink.<T>builder()
                        .setKafkaProducerConfig(props)
                        .setBootstrapServers(s.bootstrapServers)
                        .setRecordSerializer(schema)
                        .setDeliveryGuarantee(s.deliveryGuarantee);
        if (s.deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(s.transactionalIdPrefix + "-" + name);
        }
        return builder.build();
    }
}
