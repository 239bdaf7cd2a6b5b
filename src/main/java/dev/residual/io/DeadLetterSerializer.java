package dev.residual.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a {@link DeadLetter} to the dead-letter topic as the original record: the same key and
 * value bytes, so that the record can be inspected or replayed as it was, and the reason, detail
 * and original coordinates in UTF-8 headers.
 *
 * <p>The Kafka timestamp is the original one when it is known and a broker will accept it;
 * otherwise (none, or too far in the future for the broker) the producer's clock is used. The
 * original timestamp is always kept in the {@link #TIMESTAMP} header.
 */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** Header: the {@link DeadLetterReason} name. */
    public static final String REASON = "residual.dlq.reason";

    /** Header: what exactly was wrong. */
    public static final String DETAIL = "residual.dlq.detail";

    /** Header: the topic the record was read from. */
    public static final String TOPIC = "residual.dlq.topic";

    /** Header: the partition the record was read from, decimal. */
    public static final String PARTITION = "residual.dlq.partition";

    /** Header: the record's offset in that partition, decimal. */
    public static final String OFFSET = "residual.dlq.offset";

    /** Header: the record's original Kafka timestamp, epoch millis, decimal. */
    public static final String TIMESTAMP = "residual.dlq.timestamp";

    private final String topic;
    private final long maxFutureMs;

    /** For the given dead-letter topic, with the default limit on timestamps ahead of now. */
    public DeadLetterSerializer(String topic) {
        this(topic, AnomalyEventSerializer.DEFAULT_MAX_FUTURE_MS);
    }

    /**
     * @param topic the dead-letter topic
     * @param maxFutureMs how far ahead of now an original timestamp may be and still be used
     */
    public DeadLetterSerializer(String topic, long maxFutureMs) {
        this.topic = AnomalyEventSerializer.requireTopic(topic);
        this.maxFutureMs = AnomalyEventSerializer.requireMaxFuture(maxFutureMs);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, REASON, letter.reason);
        add(headers, DETAIL, letter.detail);
        add(headers, TOPIC, letter.topic);
        add(headers, PARTITION, Integer.toString(letter.partition));
        add(headers, OFFSET, Long.toString(letter.offset));
        add(headers, TIMESTAMP, Long.toString(letter.timestamp));
        Long ts =
                Timestamps.acceptable(letter.timestamp, System.currentTimeMillis(), maxFutureMs)
                        ? letter.timestamp
                        : null;
        return new ProducerRecord<>(topic, null, ts, letter.key, letter.value, headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
