package dev.residual.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning on a thread of its own, with {@code read_committed} so that only
 * what the job committed is seen, and hands each record to a callback as it arrives.
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;

    public TopicReader(
            String bootstrapServers,
            String topic,
            Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        thread =
                new Thread(
                        () -> {
                            try {
                                while (running) {
                                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                                        records.add(r);
                                        onRecord.accept(r);
                                    }
                                    caughtUp = atEnd();
                                }
                            } catch (WakeupException e) {
                                // close() woke the poll up: the reader is done.
                            } finally {
                                consumer.close();
                            }
                        },
                        "read-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Everything read so far. */
    public List<ConsumerRecord<byte[], byte[]>> records() {
        return new ArrayList<>(records);
    }

    /** Called on the reader's thread: has it read all that is committed in every partition? */
    private boolean atEnd() {
        var assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        // With read_committed, the end offsets are the last stable offsets.
        var ends = consumer.endOffsets(assigned);
        for (var p : assigned) {
            if (consumer.position(p) < ends.get(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the reader has reached the end of every partition and then no new record has
     * arrived for {@code quiet}; at most {@code max} in all.
     */
    public void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!caughtUp && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int seen = -1;
        while (System.nanoTime() < deadline) {
            int now = records.size();
            if (now == seen) {
                return;
            }
            seen = now;
            Thread.sleep(quiet.toMillis());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
