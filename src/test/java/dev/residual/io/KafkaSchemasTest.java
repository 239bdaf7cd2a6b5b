package dev.residual.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext;
import org.apache.flink.types.PojoTestUtils;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The Kafka source and sink schemas: bytes, keys, headers and timestamps. */
class KafkaSchemasTest {
    private static final long DAY = 24 * 3600 * 1000L;

    private static final KafkaSinkContext CONTEXT =
            new KafkaSinkContext() {
                @Override
                public int getParallelInstanceId() {
                    return 0;
                }

                @Override
                public int getNumberOfParallelInstances() {
                    return 1;
                }

                @Override
                public int[] getPartitionsForTopic(String topic) {
                    return new int[] {0, 1, 2};
                }
            };

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void deserializerCopiesBytesAndCoordinates() {
        ConsumerRecord<byte[], byte[]> in =
                new ConsumerRecord<>(
                        "features",
                        2,
                        81723L,
                        1732700000000L,
                        TimestampType.CREATE_TIME,
                        1,
                        2,
                        utf8("k"),
                        utf8("{}"),
                        new RecordHeaders(),
                        Optional.empty());
        List<RawRecord> out = new ArrayList<>();
        new RawRecordDeserializer()
                .deserialize(
                        in,
                        new Collector<>() {
                            @Override
                            public void collect(RawRecord record) {
                                out.add(record);
                            }

                            @Override
                            public void close() {}
                        });
        assertThat(out)
                .singleElement()
                .usingRecursiveComparison()
                .isEqualTo(
                        new RawRecord(
                                utf8("k"), utf8("{}"), "features", 2, 81723L, 1732700000000L));
    }

    @Test
    void recordTypesTravelAsFlinkPojos() {
        assertThat(new RawRecordDeserializer().getProducedType()).isInstanceOf(PojoTypeInfo.class);
        PojoTestUtils.assertSerializedAsPojo(RawRecord.class);
        PojoTestUtils.assertSerializedAsPojo(DeadLetter.class);
        PojoTestUtils.assertSerializedAsPojo(FeatureRecord.class);
    }

    private static DeadLetter deadLetter(long timestamp) {
        RawRecord raw =
                new RawRecord(utf8("pump-7"), utf8("{\"bad"), "features", 2, 81723L, timestamp);
        return new DeadLetter(raw, DeadLetterReason.NOT_JSON, "not valid JSON at byte 5: ...");
    }

    @Test
    void deadLetterKeepsOriginalKeyAndValueAndPutsTheReasonInHeaders() {
        DeadLetter letter = deadLetter(1732700000000L);
        ProducerRecord<byte[], byte[]> out =
                new DeadLetterSerializer("features-dlq").serialize(letter, CONTEXT, 99L);
        assertThat(out.topic()).isEqualTo("features-dlq");
        assertThat(out.key()).isEqualTo(utf8("pump-7"));
        assertThat(out.value()).isSameAs(letter.value);
        assertThat(out.timestamp()).isEqualTo(1732700000000L);
        assertThat(header(out, DeadLetterSerializer.REASON)).isEqualTo("NOT_JSON");
        assertThat(header(out, DeadLetterSerializer.DETAIL))
                .isEqualTo("not valid JSON at byte 5: ...");
        assertThat(header(out, DeadLetterSerializer.TOPIC)).isEqualTo("features");
        assertThat(header(out, DeadLetterSerializer.PARTITION)).isEqualTo("2");
        assertThat(header(out, DeadLetterSerializer.OFFSET)).isEqualTo("81723");
        assertThat(header(out, DeadLetterSerializer.TIMESTAMP)).isEqualTo("1732700000000");
    }

    @Test
    void deadLetterWithoutUsableTimestampLeavesItToTheProducer() {
        DeadLetterSerializer serializer = new DeadLetterSerializer("features-dlq");
        ProducerRecord<byte[], byte[]> none = serializer.serialize(deadLetter(-1L), CONTEXT, null);
        assertThat(none.timestamp()).isNull();
        assertThat(header(none, DeadLetterSerializer.TIMESTAMP)).isEqualTo("-1");
        long future = System.currentTimeMillis() + DAY;
        assertThat(serializer.serialize(deadLetter(future), CONTEXT, null).timestamp()).isNull();
    }

    @Test
    void anomalyEventIsKeyedByEntityAndStampedWithItsEventTime() {
        AnomalyEvent event = AnomalyEventCodecTest.designExample();
        ProducerRecord<byte[], byte[]> out =
                new AnomalyEventSerializer("anomalies").serialize(event, CONTEXT, 99L);
        assertThat(out.topic()).isEqualTo("anomalies");
        assertThat(out.key()).isEqualTo(utf8("pump-7"));
        assertThat(out.timestamp()).isEqualTo(1732700000000L);
        assertThat(AnomalyEventCodec.decode(out.value()))
                .usingRecursiveComparison()
                .withComparatorForType(Double::compare, Double.class)
                .isEqualTo(event);
    }

    @Test
    void absurdEventTimeIsReplacedByNowInTheKafkaTimestampOnly() {
        AnomalyEventSerializer serializer = new AnomalyEventSerializer("anomalies");
        long now = System.currentTimeMillis();
        for (long ts : new long[] {Long.MAX_VALUE, -1L, Long.MIN_VALUE, now + DAY}) {
            AnomalyEvent event = AnomalyEventCodecTest.designExample();
            event.ts = ts;
            ProducerRecord<byte[], byte[]> out = serializer.serialize(event, CONTEXT, null);
            assertThat(out.timestamp()).as("ts %d", ts).isCloseTo(now, within(60_000L));
            assertThat(AnomalyEventCodec.decode(out.value()).ts).isEqualTo(ts);
        }
    }

    @Test
    void slightlyFutureEventTimeIsKept() {
        long soon = System.currentTimeMillis() + 60_000L;
        AnomalyEvent event = AnomalyEventCodecTest.designExample();
        event.ts = soon;
        assertThat(
                        new AnomalyEventSerializer("anomalies")
                                .serialize(event, CONTEXT, null)
                                .timestamp())
                .isEqualTo(soon);
    }

    @Test
    void eventWithoutEntityHasNoKey() {
        AnomalyEvent event = AnomalyEventCodecTest.designExample();
        event.entity = null;
        assertThat(new AnomalyEventSerializer("anomalies").serialize(event, CONTEXT, null).key())
                .isNull();
    }
}
