package dev.residual.train;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Normal history to train on: feature names in the model's input order and one row of values per
 * record. A CSV file is one implementation; records decoded from JSON lines or a topic range are
 * another, so training never depends on the file format.
 */
public interface HistorySource {
    /** Feature names in the order the model will take them. */
    List<String> featureNames();

    /**
     * Passes every row to {@code sink}, in source order. Values are in {@link #featureNames()}
     * order and finite; a source throws {@link HistoryException} naming the place of a bad row.
     */
    void forEachRow(RowSink sink) throws IOException;

    /**
     * Where the data came from, as deterministic key/value pairs (no paths that vary between
     * machines, no timestamps): they go into the model's provenance and its ONNX metadata.
     */
    Map<String, String> describe();

    /** Receives rows; the array is owned by the sink once passed. */
    @FunctionalInterface
    interface RowSink {
        void accept(double[] values);
    }
}
