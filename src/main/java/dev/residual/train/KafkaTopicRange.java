package dev.residual.train;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of a range of a topic, fixed once, and the reading of it. The end is fixed when the
 * range is resolved, so that a topic still being written to gives a history that ends.
 */
final class KafkaTopicRange {
    private final String topic;
    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> start;
    private final Map<TopicPartition, Long> end;

    private KafkaTopicRange(
            String topic,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> end) {
        this.topic = topic;
        this.partitions = partitions;
        this.start = start;
        this.end = end;
    }

    /**
     * Resolves {@code [from, to)} to offsets per partition: the first offset at or after each time,
     * the beginning when {@code from} is null and the end offsets of now when {@code to} is null
     * (under read_committed, the last stable offsets).
     */
    static KafkaTopicRange resolve(
            Consumer<byte[], byte[]> consumer, String topic, Long from, Long to) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new HistoryException("topic " + topic + " does not exist or has no partitions");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        Map<TopicPartition, Long> latest = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> start =
                from == null
                        ? sorted(consumer.beginningOffsets(partitions))
                        : at(consumer, from, latest);
        Map<TopicPartition, Long> end = to == null ? sorted(latest) : at(consumer, to, latest);
        return new KafkaTopicRange(topic, List.copyOf(partitions), start, end);
    }

    /** The first offset with a timestamp at or after {@code millis}; the end when there is none. */
    private static Map<TopicPartition, Long> at(
            Consumer<byte[], byte[]> consumer, long millis, Map<TopicPartition, Long> latest) {
        Map<TopicPartition, Long> query = new TreeMap<>(KafkaTopicRange::compare);
        latest.keySet().forEach(tp -> query.put(tp, millis));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> offsets = new TreeMap<>(KafkaTopicRange::compare);
        latest.forEach(
                (tp, last) -> {
                    OffsetAndTimestamp o = found.get(tp);
                    offsets.put(tp, o == null ? last : Math.min(o.offset(), last));
                });
        return offsets;
    }

    private static Map<TopicPartition, Long> sorted(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> copy = new TreeMap<>(KafkaTopicRange::compare);
        copy.putAll(offsets);
        return copy;
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        return Integer.compare(a.partition(), b.partition());
    }

    /** The partition numbers, in order, as {@code 0,1,2}. */
    String partitionList() {
        StringBuilder s = new StringBuilder();
        partitions.forEach(tp -> s.append(s.length() == 0 ? "" : ",").append(tp.partition()));
        return s.toString();
    }

    /**
     * Passes the range's records to {@code each} until it returns false, one partition after the
     * other in partition order: fetch timing must not change the row order, which the split, the
     * batches and so the model's bytes depend on. Fails when a partition makes no progress for
     * {@code stall}.
     */
    void read(
            Consumer<byte[], byte[]> consumer,
            Duration stall,
            Predicate<ConsumerRecord<byte[], byte[]>> each) {
        consumer.assign(partitions);
        partitions.forEach(tp -> consumer.seek(tp, start.get(tp)));
        consumer.pause(partitions);
        for (TopicPartition tp : partitions) {
            consumer.resume(List.of(tp));
            boolean more = readPartition(consumer, tp, stall, each);
            consumer.pause(List.of(tp));
            if (!more) {
                return;
            }
        }
    }

    private boolean readPartition(
            Consumer<byte[], byte[]> consumer,
            TopicPartition tp,
            Duration stall,
            Predicate<ConsumerRecord<byte[], byte[]>> each) {
        long last = end.get(tp);
        long position = consumer.position(tp);
        long progressAt = System.nanoTime();
        while (position < last) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.partition() == tp.partition() && r.offset() < last && !each.test(r)) {
                    return false;
                }
            }
            // Transaction markers and aborted records take offsets too: the position says where
            // the partition is, not the last record seen.
            long now = consumer.position(tp);
            if (now > position) {
                position = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > stall.toNanos()) {
                throw new HistoryException(stalled(tp, position, last, stall));
            }
        }
        return true;
    }

    private String stalled(TopicPartition tp, long position, long last, Duration stall) {
        return "topic "
                + topic
                + ", partition "
                + tp.partition()
                + ": no progress for "
                + stall.toSeconds()
                + " s at offset "
                + position
                + ", reading up to "
                + last;
    }
}
