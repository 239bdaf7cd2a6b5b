package dev.residual.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an {@link AnomalyEvent} to the alerts topic: key = entity, so that one entity's alerts
 * stay in order on one partition; value = {@link AnomalyEventCodec#encode}; Kafka timestamp = the
 * event's time, so that consumers and time-based retention see when the anomaly happened, not when
 * it was written.
 *
 * <p>An event time a broker would refuse (negative, or further ahead than {@code maxFutureMs}) is
 * replaced by the current time in the Kafka timestamp only; the JSON keeps the event's own ts. A
 * refused record would fail the sink and, replayed after the restart, fail it again.
 */
public class AnomalyEventSerializer implements KafkaRecordSerializationSchema<AnomalyEvent> {
    private static final long serialVersionUID = 1L;

    /**
     * Ten minutes: well inside the broker default for {@code message.timestamp.after.max.ms} (one
     * hour since Kafka 4.0), leaving room for clock skew between the job and the broker.
     */
    public static final long DEFAULT_MAX_FUTURE_MS = 10 * 60 * 1000L;

    private final String topic;
    private final long maxFutureMs;

    /** For the given topic, with {@link #DEFAULT_MAX_FUTURE_MS}. */
    public AnomalyEventSerializer(String topic) {
        this(topic, DEFAULT_MAX_FUTURE_MS);
    }

    /**
     * @param topic the alerts topic
     * @param maxFutureMs how far ahead of now an event time may be and still be the Kafka timestamp
     */
    public AnomalyEventSerializer(String topic, long maxFutureMs) {
        this.topic = requireTopic(topic);
        this.maxFutureMs = requireMaxFuture(maxFutureMs);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            AnomalyEvent event, KafkaSinkContext context, Long timestamp) {
        byte[] key = event.entity == null ? null : event.entity.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(
                topic, null, kafkaTimestamp(event.ts), key, AnomalyEventCodec.encode(event));
    }

    private long kafkaTimestamp(long ts) {
        long now = System.currentTimeMillis();
        return Timestamps.acceptable(ts, now, maxFutureMs) ? ts : now;
    }

    static String requireTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must be a non-blank Kafka topic name");
        }
        return topic;
    }

    static long requireMaxFuture(long maxFutureMs) {
        if (maxFutureMs < 0) {
            throw new IllegalArgumentException(
                    "maxFutureMs must be zero or more, got " + maxFutureMs);
        }
        return maxFutureMs;
    }
}
