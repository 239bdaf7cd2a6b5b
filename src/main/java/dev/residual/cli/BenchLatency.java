package dev.residual.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Row;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The two ends of a latency run of {@code residual bench}: a producer that sends records at a fixed
 * rate, each stamped with the wall clock as its event time just before it is sent, one in {@code
 * every} of them anomalous on an entity of its own (so that each is the first record of its own
 * episode and becomes exactly one anomaly event, found by its entity), and a consumer of the
 * anomaly events that takes the time from an anomalous record's stamp to the event's arrival. The
 * job in between is the caller's.
 */
final class BenchLatency {
    /** The stamp's width: epoch millis have 13 digits until the year 2286. */
    private static final int STAMP_DIGITS = 13;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<byte[]> normal = new ArrayList<>();
    private final List<byte[]> normalKey = new ArrayList<>();
    private final List<Integer> normalStamp = new ArrayList<>();
    private final SyntheticFleet fleet;
    private final Row anomalyTemplate;

    /** Sent anomalous records by entity: their stamp, until their event arrives. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    /**
     * Normal records of the {@code rows}, and anomalous ones made from the first row with every
     * value multiplied by 5 and raised by 100: far from all the model learnt.
     */
    BenchLatency(SyntheticFleet fleet, List<Row> rows) {
        this.fleet = fleet;
        for (Row r : rows) {
            normal.add(template(r));
            normalKey.add(r.entity().getBytes(StandardCharsets.UTF_8));
            normalStamp.add(stampOffset(r.entity()));
        }
        Row first = rows.get(0);
        double[] far = first.values().clone();
        for (int f = 0; f < far.length; f++) {
            far[f] = far[f] * 5 + 100;
        }
        anomalyTemplate = new Row(first.entity(), 0, 0, far, true);
    }

    /** What one run measured. */
    record Result(
            long sent,
            long anomalies,
            long events,
            double seconds,
            double p50,
            double p99,
            double max,
            long eventsBeforeWarmup) {}

    /**
     * Sends {@code rate} records a second to {@code input} for {@code warmup} and then {@code
     * measure}, while reading {@code anomalies} (read_committed); waits up to {@code drain} after
     * the last send for the events of every anomalous record. Latencies count only for records sent
     * after the warm-up.
     */
    Result run(
            String bootstrap,
            String input,
            String anomalies,
            double rate,
            int every,
            Duration warmup,
            Duration measure,
            Duration drain)
            throws InterruptedException {
        pending.clear();
        List<Double> latencies = new ArrayList<>();
        long[] early = new long[1];
        AtomicBoolean stop = new AtomicBoolean();
        long[] measureFrom = {Long.MAX_VALUE};
        Thread consumer =
                new Thread(
                        () -> consume(bootstrap, anomalies, stop, latencies, early, measureFrom),
                        "bench-latency-consumer");
        consumer.start();
        long sent = 0;
        long anomalous = 0;
        long began;
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            began = System.nanoTime();
            long warmupEnds = began + warmup.toNanos();
            long ends = warmupEnds + measure.toNanos();
            boolean measuring = false;
            for (long now = began; now < ends; now = System.nanoTime()) {
                if (!measuring && now >= warmupEnds) {
                    measuring = true;
                    measureFrom[0] = System.currentTimeMillis();
                }
                long due = (long) ((now - began) / 1e9 * rate);
                for (; sent < due; sent++) {
                    long stamp = System.currentTimeMillis();
                    if (sent % every == every - 1) {
                        sendAnomaly(producer, input, anomalous++, stamp);
                    } else {
                        int i = (int) (sent % normal.size());
                        producer.send(
                                new ProducerRecord<>(input, normalKey.get(i), normal(i, stamp)));
                    }
                }
                LockSupport.parkNanos(200_000);
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long deadline = System.nanoTime() + drain.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        stop.set(true);
        consumer.join();
        long events;
        synchronized (latencies) {
            events = latencies.size();
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(
                sent,
                anomalous,
                events,
                seconds,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                early[0]);
    }

    /** The JSON of normal record {@code i} with {@code stamp} as its event time. */
    byte[] normal(int i, long stamp) {
        byte[] value = normal.get(i).clone();
        writeStamp(value, normalStamp.get(i), stamp);
        return value;
    }

    /** The anomalous record number {@code n}, on its own entity {@code burst-n}. */
    private void sendAnomaly(
            KafkaProducer<byte[], byte[]> producer, String topic, long n, long stamp) {
        String entity = String.format("burst-%08d", n);
        Row r = new Row(entity, 0, stamp, anomalyTemplate.values(), true);
        byte[] value = fleet.toJson(r, true).getBytes(StandardCharsets.UTF_8);
        // Before the send: the event may arrive before the producer hears of its own record.
        pending.put(entity, stamp);
        producer.send(new ProducerRecord<>(topic, entity.getBytes(StandardCharsets.UTF_8), value));
    }

    private void consume(
            String bootstrap,
            String topic,
            AtomicBoolean stop,
            List<Double> latencies,
            long[] early,
            long[] measureFrom) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-latency");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long received = System.currentTimeMillis();
                    JsonNode event = readTree(r.value());
                    Long stamp = pending.remove(event.path("entity").asText());
                    if (stamp == null) {
                        continue;
                    }
                    if (stamp < measureFrom[0]) {
                        early[0]++;
                    } else {
                        synchronized (latencies) {
                            latencies.add((double) (received - stamp));
                        }
                    }
                }
            }
        }
    }

    private static JsonNode readTree(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an anomaly event that is not JSON", e);
        }
    }

    /** The JSON of {@code r} with a placeholder stamp, to be overwritten in place per send. */
    private byte[] template(Row r) {
        Row placeholder = new Row(r.entity(), r.index(), 1_000_000_000_000L, r.values(), false);
        return fleet.toJson(placeholder, true).getBytes(StandardCharsets.UTF_8);
    }

    /** Where the stamp starts in the JSON of a row of {@code entity}: after {"entity":"…","ts":. */
    private static int stampOffset(String entity) {
        return ("{\"entity\":\"" + entity + "\",\"ts\":").getBytes(StandardCharsets.UTF_8).length;
    }

    private static void writeStamp(byte[] json, int at, long stamp) {
        for (int i = at + STAMP_DIGITS - 1; i >= at; i--) {
            json[i] = (byte) ('0' + stamp % 10);
            stamp /= 10;
        }
    }

    /** The value at quantile {@code q} of sorted values (nearest rank), NaN for none. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
