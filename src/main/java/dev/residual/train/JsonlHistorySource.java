package dev.residual.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residual.io.DecodeResult;
import dev.residual.io.DecoderConfig;
import dev.residual.io.RawRecord;
import dev.residual.io.RecordDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * History as JSON lines in the job's input format, decoded by the job's own {@link RecordDecoder}
 * so that training and scoring read a record the same way. The feature order is the order of the
 * first record's named features, unless given; records with features as arrays need it given.
 */
public final class JsonlHistorySource implements HistorySource {
    private final Path file;
    private final List<String> featureNames;
    private final RecordDecoder decoder;

    private JsonlHistorySource(Path file, List<String> featureNames, DecoderConfig config) {
        this.file = file;
        this.featureNames = List.copyOf(featureNames);
        this.decoder = new RecordDecoder(featureNames, config);
    }

    /**
     * @param featureNames the model's feature order, or empty to take the first record's
     */
    public static JsonlHistorySource open(
            Path file, List<String> featureNames, DecoderConfig config) throws IOException {
        List<String> names =
                featureNames.isEmpty() ? namesOfFirstRecord(file, config) : featureNames;
        return new JsonlHistorySource(file, names, config);
    }

    private static List<String> namesOfFirstRecord(Path file, DecoderConfig config)
            throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    return namesOf(file, number, line, config);
                }
            }
        }
        throw new HistoryException(file + ": no records");
    }

    private static List<String> namesOf(Path file, int line, String json, DecoderConfig config) {
        JsonNode features;
        try {
            features = new ObjectMapper().readTree(json).path(config.featuresField());
        } catch (IOException e) {
            throw new HistoryException(file + ", line " + line + ": not JSON: " + e.getMessage());
        }
        if (!features.isObject() || features.isEmpty()) {
            throw new HistoryException(
                    file
                            + ", line "
                            + line
                            + ": the first record has no named features in '"
                            + config.featuresField()
                            + "'; give the feature order with --features");
        }
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = features.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public void forEachRow(RowSink sink) throws IOException {
        // A file's records arrive now: the time their event times must not run far ahead of.
        long readAt = System.currentTimeMillis();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                DecodeResult result =
                        decoder.decode(
                                new RawRecord(null, bytes, file.toString(), 0, number, readAt));
                DecodedRows.pass(result, file + ", line " + number, sink);
            }
        }
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data.format", "jsonl");
        d.put("data.file", file.getFileName().toString());
        d.put("data.features", String.join(",", featureNames));
        d.put("data.sha256", HistorySource.sha256(file));
        return d;
    }
}
