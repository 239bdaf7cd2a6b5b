package dev.residual.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residual.io.DecodeResult;
import dev.residual.io.DecoderConfig;
import dev.residual.io.RawRecord;
import dev.residual.io.RecordDecoder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * History as a range of a Kafka topic, decoded by the job's own {@link RecordDecoder} so that
 * training and scoring read a record the same way. The range runs from a time (or the beginning) up
 * to a time (or the end offsets when the source is opened), so it ends even on a live topic. Reads
 * with a plain consumer of all partitions: no group, no commits, only committed records.
 */
public final class KafkaHistorySource implements HistorySource {
    /** How long a partition may give nothing before reading fails. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final Map<String, Object> clientProperties;
    private final Long from;
    private final Long to;
    private final Duration stall;
    private final KafkaTopicRange range;
    private final List<String> featureNames;
    private final RecordDecoder decoder;

    private KafkaHistorySource(
            Map<String, Object> clientProperties,
            String topic,
            Long from,
            Long to,
            Duration stall,
            List<String> featureNames,
            DecoderConfig config) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.from = from;
        this.to = to;
        this.stall = stall;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            this.range = KafkaTopicRange.resolve(consumer, topic, from, to);
        } catch (KafkaException e) {
            throw new HistoryException("topic " + topic + ": " + e.getMessage(), e);
        }
        List<String> names = featureNames.isEmpty() ? namesOfFirstRecord(config) : featureNames;
        this.featureNames = List.copyOf(names);
        this.decoder = new RecordDecoder(this.featureNames, config);
    }

    /**
     * Fixes the range's offsets now.
     *
     * @param bootstrapServers the brokers to start from
     * @param properties further Kafka client properties (security, timeouts), as the job's {@code
     *     kafka.properties.*}
     * @param from the first record's time, epoch millis, or null for the beginning
     * @param to the time the range ends before, epoch millis, or null for the end offsets now
     * @param featureNames the model's feature order, or empty to take the first record's
     */
    public static KafkaHistorySource open(
            String bootstrapServers,
            Map<String, String> properties,
            String topic,
            Long from,
            Long to,
            List<String> featureNames,
            DecoderConfig config,
            Duration stall) {
        if (from != null && to != null && from >= to) {
            throw new IllegalArgumentException(
                    "--from "
                            + Instant.ofEpochMilli(from)
                            + " is not before --to "
                            + Instant.ofEpochMilli(to));
        }
        Map<String, Object> props = new HashMap<>(properties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Training on records a producer later aborted would learn from data that never was.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // No group: nothing to commit, and the range is given by offsets, not a group's position.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaHistorySource(props, topic, from, to, stall, featureNames, config);
    }

    /** Epoch millis from ISO-8601 ({@code 2026-01-01T00:00:00Z}) or a number of epoch millis. */
    public static long parseTime(String option, String text) {
        String t = text.trim();
        try {
            return t.matches("-?\\d+") ? Long.parseLong(t) : Instant.parse(t).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option
                            + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z or epoch"
                            + " milliseconds; got '"
                            + text
                            + "'",
                    e);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(clientProperties);
    }

    /** The named features of the first record that has them, in their order there. */
    private List<String> namesOfFirstRecord(DecoderConfig config) {
        ObjectMapper json = new ObjectMapper();
        List<String> names = new ArrayList<>();
        read(
                r -> {
                    JsonNode features = featuresOf(json, r.value(), config);
                    if (features.isObject() && !features.isEmpty()) {
                        features.fieldNames().forEachRemaining(names::add);
                    }
                    return names.isEmpty();
                });
        if (names.isEmpty()) {
            throw new HistoryException(
                    "topic "
                            + topic
                            + " has no record with named features in '"
                            + config.featuresField()
                            + "' in the range; give the feature order with --features");
        }
        return names;
    }

    private static JsonNode featuresOf(ObjectMapper json, byte[] value, DecoderConfig config) {
        try {
            return value == null
                    ? json.missingNode()
                    : json.readTree(value).path(config.featuresField());
        } catch (IOException e) {
            return json.missingNode();
        }
    }

    private void read(Predicate<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            range.read(consumer, stall, each);
        } catch (KafkaException e) {
            throw new HistoryException("topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public void forEachRow(RowSink sink) {
        read(
                r -> {
                    row(r, sink);
                    return true;
                });
    }

    private void row(ConsumerRecord<byte[], byte[]> r, RowSink sink) {
        DecodeResult result =
                decoder.decode(
                        new RawRecord(
                                r.key(),
                                r.value(),
                                r.topic(),
                                r.partition(),
                                r.offset(),
                                r.timestamp()));
        DecodedRows.pass(result, r.topic() + "-" + r.partition() + "@" + r.offset(), sink);
    }

    /** The range as given, not the brokers' addresses nor the offsets that "now" resolved to. */
    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data.format", "kafka");
        d.put("data.topic", topic);
        d.put("data.from", from == null ? "beginning" : Instant.ofEpochMilli(from).toString());
        d.put("data.to", to == null ? "end" : Instant.ofEpochMilli(to).toString());
        d.put("data.partitions", range.partitionList());
        d.put("data.features", String.join(",", featureNames));
        return d;
    }
}
