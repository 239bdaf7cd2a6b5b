package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.cli.EmbeddedKafka;
import dev.residual.cli.Residual;
import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.io.DecoderConfig;
import dev.residual.model.ModelBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A range of a real topic read as history through the job's decoder: two partitions of generated
 * records with explicit timestamps, and a few that cannot be decoded.
 */
class KafkaHistorySourceIT {
    private static final String TOPIC = "history";
    private static final long T0 = 1_767_225_600_000L;
    private static final SyntheticFleet FLEET = new SyntheticFleet(8, 21);

    private static EmbeddedKafka kafka;
    private static final List<Row> ROWS = new ArrayList<>();

    @TempDir Path dir;

    /** One record to send: partition, timestamp, key and value. */
    private record Sent(int partition, long ts, String key, String value) {}

    @BeforeAll
    static void produce() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(2, TOPIC);
        List<Sent> sent = new ArrayList<>();
        List<String> entities = SyntheticFleet.entities(4);
        for (int e = 0; e < entities.size(); e++) {
            for (Row r : FLEET.generate(entities.get(e), 100, T0, 1000, List.of())) {
                ROWS.add(r);
                sent.add(new Sent(e % 2, r.ts(), r.entity(), FLEET.toJson(r, true)));
            }
        }
        sent.add(new Sent(0, T0 + 10_500, "machine-00", "oops"));
        sent.add(
                new Sent(
                        1,
                        T0 + 20_500,
                        "machine-01",
                        "{\"entity\":\"m\",\"ts\":" + (T0 + 20_500) + "}"));
        sent.add(new Sent(1, T0 + 60_500, "machine-01", "oops"));
        // In time order within each partition, as a producer writes them: offsetsForTimes finds
        // the first record at or after a time by the partition's time index.
        sent.sort(Comparator.comparingLong(Sent::ts));
        Map<String, Object> props =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (Sent s : sent) {
                producer.send(
                        new ProducerRecord<>(TOPIC, s.partition(), s.ts(), s.key(), s.value()));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static KafkaHistorySource open(Long from, Long to) {
        return KafkaHistorySource.open(
                kafka.bootstrapServers(),
                Map.of("client.id", "history-it"),
                TOPIC,
                from,
                to,
                List.of(),
                DecoderConfig.defaults(),
                Duration.ofSeconds(20));
    }

    /** Rows as text, sorted, so that two multisets of rows compare. */
    private static List<String> rowsOf(List<Row> rows) {
        List<String> text = new ArrayList<>();
        for (Row r : rows) {
            double[] asRead = new double[r.values().length];
            for (int f = 0; f < asRead.length; f++) {
                asRead[f] = (float) r.values()[f];
            }
            text.add(Arrays.toString(asRead));
        }
        text.sort(null);
        return text;
    }

    /** Reads the source: the accepted rows as text, sorted, and the rejected ones by reason. */
    private static Map<String, Object> read(KafkaHistorySource source) {
        List<String> rows = new ArrayList<>();
        Map<String, Integer> bad = new TreeMap<>();
        source.forEachRow(
                new HistorySource.RowSink() {
                    @Override
                    public void accept(double[] values) {
                        rows.add(Arrays.toString(values));
                    }

                    @Override
                    public void reject(HistorySource.BadRow row) {
                        assertThat(row.getMessage())
                                .matches(TOPIC + "-[01]@\\d+: " + row.reason + ": .+");
                        bad.merge(row.reason, 1, Integer::sum);
                    }
                });
        rows.sort(null);
        return Map.of("rows", rows, "bad", bad);
    }

    @Test
    void readsTheWholeTopicOnceCountingBadRecordsByReason() {
        KafkaHistorySource source = open(null, null);
        assertThat(source.featureNames()).isEqualTo(FLEET.featureNames());
        assertThat(source.describe())
                .containsEntry("data.topic", TOPIC)
                .containsEntry("data.from", "beginning")
                .containsEntry("data.to", "end")
                .containsEntry("data.partitions", "0,1")
                .doesNotContainValue(kafka.bootstrapServers());
        Map<String, Object> read = read(source);
        assertThat(read.get("rows")).isEqualTo(rowsOf(ROWS));
        assertThat(read.get("bad")).isEqualTo(Map.of("NOT_JSON", 2, "MISSING_FEATURES", 1));
    }

    @Test
    void aTimeRangeReadsOnlyTheRecordsInsideIt() {
        long from = T0 + 50_000;
        long to = T0 + 80_000;
        KafkaHistorySource source = open(from, to);
        List<Row> inside = ROWS.stream().filter(r -> r.ts() >= from && r.ts() < to).toList();
        Map<String, Object> read = read(source);
        assertThat(inside).hasSize(120);
        assertThat(read.get("rows")).isEqualTo(rowsOf(inside));
        assertThat(read.get("bad")).isEqualTo(Map.of("NOT_JSON", 1));
        assertThat(source.describe()).containsEntry("data.from", "2026-01-01T00:00:50Z");
    }

    @Test
    void aMissingTopicIsNamed() {
        assertThatThrownBy(
                        () ->
                                KafkaHistorySource.open(
                                        kafka.bootstrapServers(),
                                        Map.of(),
                                        "no-such-topic",
                                        null,
                                        null,
                                        List.of(),
                                        DecoderConfig.defaults(),
                                        Duration.ofSeconds(5)))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("no-such-topic");
    }

    @Test
    void retrainReadsATopicFromTheCommandLine() {
        Path models = dir.resolve("models");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Residual.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code =
                cli.execute(
                        "retrain",
                        "--input",
                        "kafka://" + TOPIC,
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--to",
                        "2026-01-01T00:01:40Z",
                        "--kafka-property",
                        "client.id=retrain-it",
                        "--epochs",
                        "20",
                        "--out",
                        models.toString(),
                        "--publish");
        System.out.println("retrain --input kafka://" + TOPIC + " printed:\n" + out);
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("skipped    MISSING_FEATURES: 1, NOT_JSON: 2, first: history-0@");
        ModelBundle bundle = ModelBundle.load(models);
        assertThat(bundle.manifest().features).isEqualTo(FLEET.featureNames());
        assertThat(bundle.manifest().provenance).containsEntry("data.topic", TOPIC);
    }
}
