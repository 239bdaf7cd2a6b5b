package dev.residual.cli;

import dev.residual.io.DecoderConfig;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The job's decode options, under the same names, for commands that read records in the job's input
 * format (JSON lines, a Kafka topic): a history written with {@code --decode.ts-field time} for the
 * job must be read with it too, or its event times would silently be Kafka's.
 */
public final class DecodeOptions {
    static final List<String> NAMES =
            List.of(
                    "--decode.entity-field",
                    "--decode.ts-field",
                    "--decode.features-field",
                    "--decode.max-record-bytes");

    @Option(
            names = "--decode.entity-field",
            defaultValue = DecoderConfig.DEFAULT_ENTITY_FIELD,
            description =
                    "JSON lines and Kafka input: field of the entity; the record key when absent,"
                            + " as in the job (default: ${DEFAULT-VALUE}).")
    private String entityField;

    @Option(
            names = "--decode.ts-field",
            defaultValue = DecoderConfig.DEFAULT_TIMESTAMP_FIELD,
            description =
                    "JSON lines and Kafka input: field of the event time, epoch millis or"
                            + " ISO-8601; the Kafka timestamp when absent (default:"
                            + " ${DEFAULT-VALUE}).")
    private String tsField;

    @Option(
            names = "--decode.features-field",
            defaultValue = DecoderConfig.DEFAULT_FEATURES_FIELD,
            description =
                    "JSON lines and Kafka input: field of the features (default:"
                            + " ${DEFAULT-VALUE}).")
    private String featuresField;

    @Option(
            names = "--decode.max-record-bytes",
            defaultValue = "" + DecoderConfig.DEFAULT_MAX_RECORD_BYTES,
            description =
                    "JSON lines and Kafka input: larger records are skipped as the job's dead"
                            + " letters would be (default: ${DEFAULT-VALUE}).")
    private int maxRecordBytes;

    /** The decoder settings the options give, a wrong one named. */
    DecoderConfig config() {
        DecoderConfig c;
        try {
            c = DecoderConfig.defaults().withFields(entityField, tsField, featuresField);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    String.join(", ", NAMES.subList(0, 3)) + ": " + e.getMessage(), e);
        }
        try {
            return c.withMaxRecordBytes(maxRecordBytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NAMES.get(3) + ": " + e.getMessage(), e);
        }
    }
}
