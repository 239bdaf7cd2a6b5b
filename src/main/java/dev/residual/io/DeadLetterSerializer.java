package dev.residual.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 *
 * <p>A dead letter is larger than the original record by its headers, and the dead-letter topic may
 * take less than the input topic, so a value that the input topic accepted may not fit the
 * producer's {@code max.request.size} or the dead-letter topic's {@code max.message.bytes}: the
 * producer or the broker would refuse it (RecordTooLargeException), fail the job and read the same
 * record again after each restart. So a dead letter that would not fit the smaller of the two is
 * cut: its value (and, if the key alone is too large, its key) keeps only its first bytes, and the
 * {@link #VALUE_BYTES} (or {@link #KEY_BYTES}) header gives the original length; the coordinate
 * headers still lead to the whole record.
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

    /** Header, only on a cut dead letter: the original value's length in bytes, decimal. */
    public static final String VALUE_BYTES = "residual.dlq.value-bytes";

    /** Header, only on a dead letter whose key was cut: the original key's length, decimal. */
    public static final String KEY_BYTES = "residual.dlq.key-bytes";

    /** The producer's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

    /**
     * The smallest limit ({@code max.request.size}, or the dead-letter topic's {@code
     * max.message.bytes}) that leaves room for a dead letter's headers.
     */
    public static final int MIN_MAX_REQUEST_BYTES = 16384;

    /**
     * Room left for what the producer and the broker count besides key, value and headers: a batch
     * header of 61 bytes (max.request.size and max.message.bytes both bound the record batch) and a
     * record's varints of at most 21, with room to spare.
     */
    static final int FRAMING_BYTES = 256;

    /** Room for the two varint lengths of each header. */
    private static final int HEADER_FRAMING_BYTES = 10;

    /** The longest detail kept, in characters: details name fields and values, never the data. */
    static final int MAX_DETAIL_CHARS = 1000;

    /** What a cut key keeps, in bytes. */
    static final int CUT_KEY_BYTES = 1024;

    private final String topic;
    private final long maxFutureMs;
    private final int maxBytes;

    /** For the given dead-letter topic, with the default limit on timestamps ahead of now. */
    public DeadLetterSerializer(String topic) {
        this(topic, AnomalyEventSerializer.DEFAULT_MAX_FUTURE_MS);
    }

    /**
     * @param topic the dead-letter topic
     * @param maxFutureMs how far ahead of now an original timestamp may be and still be used
     */
    public DeadLetterSerializer(String topic, long maxFutureMs) {
        this(topic, maxFutureMs, DEFAULT_MAX_REQUEST_BYTES);
    }

    /**
     * @param topic the dead-letter topic
     * @param maxFutureMs how far ahead of now an original timestamp may be and still be used
     * @param maxBytes the largest record batch the producer and the dead-letter topic accept (the
     *     smaller of {@code max.request.size} and the topic's {@code max.message.bytes}): larger
     *     dead letters are cut
     */
    public DeadLetterSerializer(String topic, long maxFutureMs, int maxBytes) {
        this.topic = AnomalyEventSerializer.requireTopic(topic);
        this.maxFutureMs = AnomalyEventSerializer.requireMaxFuture(maxFutureMs);
        if (maxBytes < MIN_MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException(
                    "maxBytes must be at least "
                            + MIN_MAX_REQUEST_BYTES
                            + " (room for a dead letter's headers), got "
                            + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, REASON, letter.reason);
        add(headers, DETAIL, shortened(letter.detail));
        add(headers, TOPIC, letter.topic);
        add(headers, PARTITION, Integer.toString(letter.partition));
        add(headers, OFFSET, Long.toString(letter.offset));
        add(headers, TIMESTAMP, Long.toString(letter.timestamp));
        Long ts =
                Timestamps.acceptable(letter.timestamp, System.currentTimeMillis(), maxFutureMs)
                        ? letter.timestamp
                        : null;
        byte[] key = letter.key;
        byte[] value = letter.value;
        // The length headers are counted before they are known to be needed: room to spare.
        int room = maxBytes - FRAMING_BYTES - size(headers) - 2 * (KEY_BYTES.length() + 30);
        if (length(key) + length(value) > room) {
            if (length(key) > room - CUT_KEY_BYTES) {
                add(headers, KEY_BYTES, Integer.toString(key.length));
                key = Arrays.copyOf(key, CUT_KEY_BYTES);
            }
            int valueRoom = room - length(key);
            if (length(value) > valueRoom) {
                add(headers, VALUE_BYTES, Integer.toString(value.length));
                value = Arrays.copyOf(value, valueRoom);
            }
        }
        return new ProducerRecord<>(topic, null, ts, key, value, headers);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** The headers' bytes as the producer counts them, with room for their varint lengths. */
    private static int size(RecordHeaders headers) {
        int size = 0;
        for (var h : headers) {
            size += HEADER_FRAMING_BYTES + h.key().length() + h.value().length;
        }
        return size;
    }

    private static String shortened(String detail) {
        if (detail == null || detail.length() <= MAX_DETAIL_CHARS) {
            return detail;
        }
        return detail.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
