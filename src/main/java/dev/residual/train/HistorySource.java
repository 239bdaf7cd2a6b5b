package dev.residual.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Normal history to train on: feature names in the model's input order and one row of values per
 * record. A CSV file is one implementation; records decoded from JSON lines or a topic range are
 * another, so training never depends on the file format.
 */
public interface HistorySource {
    /** The time of a row whose source has none, or one that cannot be read as a time. */
    long UNKNOWN_TIME = Long.MIN_VALUE;

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

    /**
     * The SHA-256 of a file, streamed so that a history of gigabytes is never held in memory: the
     * provenance of what a model was trained on.
     */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
                digest.update(buffer, 0, r);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new HistoryException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Receives rows; the array is owned by the sink once passed. */
    @FunctionalInterface
    interface RowSink {
        void accept(double[] values);

        /**
         * A row with the entity it belongs to (null if the source has none) and its time in epoch
         * millis ({@link #UNKNOWN_TIME} if none), which windowed kinds need to build windows of
         * consecutive rows; by default both are dropped.
         */
        default void accept(double[] values, String entity, long time) {
            accept(values);
        }

        /** A row that cannot be used; by default it stops the reading. */
        default void reject(BadRow row) {
            throw row;
        }
    }

    /** A row that cannot be used: where it is, what is wrong, and a short reason to count by. */
    final class BadRow extends HistoryException {
        private static final long serialVersionUID = 1L;

        /** A short, stable name of what is wrong, such as "not a number". */
        public final String reason;

        public BadRow(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}
