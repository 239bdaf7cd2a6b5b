package dev.residual.cli;

import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.job.JobArguments;
import dev.residual.job.JobSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The pieces of a local run: Flink's configuration, replaying records, waiting for the job. */
public final class LocalStack {
    private LocalStack() {}

    /**
     * Flink's configuration for a local run: {@code flink-conf/config.yaml} of the checkout (found
     * through the {@code residual.home} property that scripts/residual sets, else the working
     * directory), with checkpoints under {@code work}.
     */
    public static Configuration flinkConfiguration(Path work) {
        Path dir = Path.of(System.getProperty("residual.home", ".")).resolve("flink-conf");
        Configuration conf =
                Files.isRegularFile(dir.resolve("config.yaml"))
                        ? GlobalConfiguration.loadConfiguration(dir.toString())
                        : new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                work.resolve("checkpoints").toUri().toString());
        return conf;
    }

    /**
     * The job's settings for a local run: Flink's configuration of {@link #flinkConfiguration}, the
     * bundle under {@code models}, the broker, and {@code more} options as {@code --key value}.
     */
    static JobSettings jobSettings(Path work, Path models, String bootstrap, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bundle",
                                models.toString(),
                                "--kafka.bootstrap-servers",
                                bootstrap));
        args.addAll(List.of(more));
        return JobSettings.from(
                flinkConfiguration(work), JobArguments.parse(args.toArray(String[]::new)));
    }

    /**
     * Produces the rows as JSON, keyed by entity, and after every {@code rows/ (2 * bad)} rows one
     * of the malformed values, each twice in all. Returns the number of records sent.
     */
    public static int replay(
            String bootstrap,
            String topic,
            List<Row> rows,
            Function<Row, String> json,
            List<String> malformed) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        int every = Math.max(1, rows.size() / (2 * Math.max(1, malformed.size()) + 1));
        int sent = 0;
        int bad = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                producer.send(
                        new ProducerRecord<>(topic, bytes(row.entity()), bytes(json.apply(row))));
                sent++;
                if (!malformed.isEmpty() && i % every == every - 1 && bad < 2 * malformed.size()) {
                    producer.send(
                            new ProducerRecord<>(
                                    topic, null, bytes(malformed.get(bad++ % malformed.size()))));
                    sent++;
                }
            }
            producer.flush();
        }
        return sent;
    }

    /** The value of an end-of-replay marker: a record without an entity, so a dead letter. */
    public static final String END_MARKER = "{\"replay\": \"end\"}";

    /**
     * Sends one {@link #END_MARKER} to every partition of the topic and returns how many. Records
     * of a partition are read in order, so once the job has dead-lettered every marker it has read
     * everything sent before them: progress seen through the job's own output, as soon as it
     * commits, with no metrics reporter.
     */
    public static int sendEndMarkers(EmbeddedKafka kafka, String topic) throws Exception {
        int partitions;
        try (Admin admin = kafka.admin()) {
            partitions =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .size();
        }
        Map<String, Object> props =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, bytes(END_MARKER)));
            }
        }
        return partitions;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Trains a bundle on a CSV history through the retrain command, as a user would, and publishes
     * it under {@code models}: a dense one with retrain's defaults, or with {@code more} retrain
     * options such as {@code --seed 7 --kind conv --window 8}. Returns the command's exit code.
     */
    public static int retrain(Path csv, Path models, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "retrain",
                                "--input",
                                csv.toString(),
                                "--out",
                                models.toString(),
                                "--publish"));
        args.addAll(List.of(more));
        return Residual.commandLine().execute(args.toArray(String[]::new));
    }

    /** Deletes a directory tree; what cannot be deleted is left (temp files are harmless). */
    public static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Nothing to do: the directory is temporary.
        }
    }
}
