package dev.residual.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Compact identities of what a bundle's per-entity state was learned under, for keyed state to
 * record: the first 64 bits of a SHA-256, never 0, since 0 is what a field added to a state POJO
 * reads as in a savepoint written before it, and so means "unknown". A new bundle reaches the job
 * only on a restart from a savepoint with the same operator uids, which restores every entity's
 * state as the old bundle left it; comparing the identity a state recorded with the running
 * bundle's tells the state whether it still applies.
 */
public final class BundleIdentity {
    /** What a state written before identities existed holds: learned under an unknown bundle. */
    public static final long UNKNOWN = 0L;

    private BundleIdentity() {}

    /** The identity of a model: its bundle's model id, which differs for every bundle written. */
    public static long ofModel(String modelId) {
        if (modelId == null) {
            throw new IllegalArgumentException("model id must be set");
        }
        return of(List.of(modelId));
    }

    /** The identity of a feature vector's layout: the feature names, in their order. */
    public static long ofFeatures(List<String> featureNames) {
        if (featureNames == null) {
            throw new IllegalArgumentException("feature names must be set");
        }
        return of(featureNames);
    }

    private static long of(List<String> parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            // Length-prefixed, so that ["ab", "c"] and ["a", "bc"] differ.
            digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            digest.update(bytes);
        }
        long id = ByteBuffer.wrap(digest.digest()).getLong();
        return id == UNKNOWN ? 1L : id;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
