package dev.residual.cli;

import dev.residual.train.CsvHistorySource;
import dev.residual.train.HistorySource;
import dev.residual.train.JsonlHistorySource;
import dev.residual.train.KafkaHistorySource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The history options of {@code retrain}: a CSV or JSON lines file, or a range of a Kafka topic
 * ({@code --input kafka://TOPIC}) read with the job's decoder. Options of the other kind of input
 * are refused, naming them, rather than ignored.
 */
public final class HistoryInput {
    /** The scheme of a topic given as {@code --input}. */
    public static final String KAFKA_SCHEME = "kafka://";

    private static final List<String> KAFKA_OPTIONS =
            List.of("--bootstrap-servers", "--from", "--to", "--kafka-property");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Mixin private DecodeOptions decode;

    @Option(
            names = "--input",
            required = true,
            description =
                    "History: a CSV file with a header line, JSON lines (.jsonl, .ndjson) in the"
                            + " job's input format, or kafka://TOPIC for a range of a topic in"
                            + " that format.")
    private String input;

    @Option(
            names = "--delimiter",
            defaultValue = ",",
            description =
                    "Column delimiter of the CSV file; SKAB uses ';' (default: ${DEFAULT-VALUE}).")
    private char delimiter;

    @Option(
            names = "--features",
            split = ",",
            description =
                    "Features to train on, in this order: CSV columns (default: every column but"
                            + " the entity and time columns, in file order), or JSON lines and"
                            + " Kafka record features (default: the first record's named"
                            + " features; required when records carry features as arrays).")
    private List<String> features = new ArrayList<>();

    @Option(
            names = "--bootstrap-servers",
            description = "kafka:// input: the brokers, host:port[,host:port...] (required).")
    private String bootstrapServers;

    @Option(
            names = "--from",
            description =
                    "kafka:// input: first record time, ISO-8601 (2026-01-01T00:00:00Z) or epoch"
                            + " millis (default: the beginning of each partition).")
    private String from;

    @Option(
            names = "--to",
            description =
                    "kafka:// input: records from this time on are left out, ISO-8601 or epoch"
                            + " millis (default: the end offsets when reading starts).")
    private String to;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description =
                    "kafka:// input: a Kafka consumer property, such as security.protocol=SASL_SSL;"
                            + " repeatable (default: none).")
    private Map<String, String> kafkaProperties = new LinkedHashMap<>();

    /** What the history is, for the command's output. */
    public String label() {
        return input;
    }

    /** Opens the history the options name, after refusing options of the other kind of input. */
    public HistorySource open() throws IOException {
        if (input.startsWith(KAFKA_SCHEME)) {
            return openTopic(input.substring(KAFKA_SCHEME.length()));
        }
        for (String option : KAFKA_OPTIONS) {
            refuse(option, "applies to --input kafka://TOPIC, not a file");
        }
        Path file = Path.of(input);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            refuse("--delimiter", "applies to CSV files, not JSON lines");
            return JsonlHistorySource.open(file, features, decode.config());
        }
        for (String option : DecodeOptions.NAMES) {
            refuse(option, "applies to JSON lines and kafka:// input, not a CSV file");
        }
        return CsvHistorySource.open(file, delimiter, features);
    }

    private HistorySource openTopic(String topic) {
        refuse("--delimiter", "applies to CSV files, not --input kafka://TOPIC");
        if (topic.isBlank() || topic.contains("/")) {
            throw new IllegalArgumentException(
                    "--input kafka://TOPIC needs a topic name; got '" + input + "'");
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--input " + input + " needs --bootstrap-servers");
        }
        return KafkaHistorySource.open(
                bootstrapServers,
                kafkaProperties,
                topic,
                from == null ? null : KafkaHistorySource.parseTime("--from", from),
                to == null ? null : KafkaHistorySource.parseTime("--to", to),
                features,
                decode.config(),
                KafkaHistorySource.DEFAULT_STALL_TIMEOUT);
    }

    private void refuse(String option, String why) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
            throw new IllegalArgumentException(option + " " + why);
        }
    }
}
