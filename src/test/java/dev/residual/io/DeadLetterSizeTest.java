package dev.residual.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/**
 * Dead letters and the producer's max.request.size: what the producer would refuse is cut, the rest
 * goes as it was. "Fits" is measured with the estimate the Kafka producer itself checks against
 * max.request.size before it sends.
 */
class DeadLetterSizeTest {
    private static final int MIB = 1 << 20;

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static DeadLetter letter(byte[] key, byte[] value, String detail) {
        RawRecord raw = new RawRecord(key, value, "features", 3, 81723L, 1732700000000L);
        return new DeadLetter(raw, DeadLetterReason.TOO_LARGE, detail);
    }

    private static ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, int maxRequest) {
        return new DeadLetterSerializer(
                        "features-dlq", AnomalyEventSerializer.DEFAULT_MAX_FUTURE_MS, maxRequest)
                .serialize(letter, null, null);
    }

    /** The size the producer compares with max.request.size (KafkaProducer.doSend). */
    private static int producerSize(ProducerRecord<byte[], byte[]> r) {
        return AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE,
                r.key(),
                r.value(),
                r.headers().toArray());
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aValueThatFitTheInputTopicIsCutToFitWithItsLengthAndCoordinatesInHeaders() {
        byte[] value = bytes(1_048_450);
        ProducerRecord<byte[], byte[]> out =
                serialize(letter("m".getBytes(StandardCharsets.UTF_8), value, "big"), MIB);

        assertThat(producerSize(out)).isLessThanOrEqualTo(MIB);
        assertThat(header(out, DeadLetterSerializer.VALUE_BYTES)).isEqualTo("1048450");
        assertThat(header(out, DeadLetterSerializer.KEY_BYTES)).isNull();
        assertThat(out.key()).isEqualTo("m".getBytes(StandardCharsets.UTF_8));
        assertThat(out.value()).isEqualTo(Arrays.copyOf(value, out.value().length));
        assertThat(out.value().length).isGreaterThan(MIB - 4096);
        assertThat(
                        header(out, DeadLetterSerializer.TOPIC)
                                + "/"
                                + header(out, DeadLetterSerializer.PARTITION))
                .isEqualTo("features/3");
        assertThat(header(out, DeadLetterSerializer.OFFSET)).isEqualTo("81723");
    }

    @Test
    void aDeadLetterThatFitsIsSentWhole() {
        DeadLetter letter = letter(bytes(10), bytes(MIB - 2048), "fits");
        ProducerRecord<byte[], byte[]> out = serialize(letter, MIB);

        assertThat(out.value()).isSameAs(letter.value);
        assertThat(out.key()).isSameAs(letter.key);
        assertThat(header(out, DeadLetterSerializer.VALUE_BYTES)).isNull();
        assertThat(producerSize(out)).isLessThanOrEqualTo(MIB);
    }

    @Test
    void theLimitIsTheConfiguredMaxRequestSize() {
        ProducerRecord<byte[], byte[]> out = serialize(letter(null, bytes(200_000), "d"), 100_000);

        assertThat(producerSize(out)).isLessThanOrEqualTo(100_000);
        assertThat(header(out, DeadLetterSerializer.VALUE_BYTES)).isEqualTo("200000");
        assertThat(serialize(letter(null, bytes(200_000), "d"), 4 * MIB).value()).hasSize(200_000);
    }

    @Test
    void aHugeKeyAndALongDetailAreCutToo() {
        ProducerRecord<byte[], byte[]> out =
                serialize(letter(bytes(MIB), bytes(MIB), "y".repeat(50_000)), MIB);

        assertThat(producerSize(out)).isLessThanOrEqualTo(MIB);
        assertThat(header(out, DeadLetterSerializer.KEY_BYTES)).isEqualTo(Integer.toString(MIB));
        assertThat(header(out, DeadLetterSerializer.VALUE_BYTES)).isEqualTo(Integer.toString(MIB));
        assertThat(out.key()).hasSize(1024);
        assertThat(header(out, DeadLetterSerializer.DETAIL)).hasSize(1003).endsWith("...");
    }

    @Test
    void aMaxRequestSizeWithoutRoomForTheHeadersIsRefused() {
        assertThatThrownBy(() -> serialize(letter(null, bytes(1), "d"), 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes must be at least 16384");
    }
}
