package dev.residual.io;

import java.io.Serializable;
import java.util.Objects;

/**
 * How {@link RecordDecoder} reads an input record: the names of the entity, timestamp and features
 * fields, the largest value it will parse, and whether features the model does not know are an
 * error. Immutable; start from {@link #defaults()} and change what differs with the {@code withX}
 * methods, each of which checks its argument at once so that a bad setting fails when the job is
 * built, not on the first record.
 */
public final class DecoderConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default name of the field that carries the entity. */
    public static final String DEFAULT_ENTITY_FIELD = "entity";

    /** Default name of the field that carries the event time. */
    public static final String DEFAULT_TIMESTAMP_FIELD = "ts";

    /** Default name of the field that carries the features. */
    public static final String DEFAULT_FEATURES_FIELD = "features";

    /** Default limit on the size of a value, in bytes. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 65536;

    private static final DecoderConfig DEFAULTS =
            new DecoderConfig(
                    DEFAULT_ENTITY_FIELD,
                    DEFAULT_TIMESTAMP_FIELD,
                    DEFAULT_FEATURES_FIELD,
                    DEFAULT_MAX_RECORD_BYTES,
                    false);

    private final String entityField;
    private final String timestampField;
    private final String featuresField;
    private final int maxRecordBytes;
    private final boolean ignoreUnknownFeatures;

    private DecoderConfig(
            String entityField,
            String timestampField,
            String featuresField,
            int maxRecordBytes,
            boolean ignoreUnknownFeatures) {
        this.entityField = requireName("entityField", entityField);
        this.timestampField = requireName("timestampField", timestampField);
        this.featuresField = requireName("featuresField", featuresField);
        if (entityField.equals(timestampField)
                || entityField.equals(featuresField)
                || timestampField.equals(featuresField)) {
            throw new IllegalArgumentException(
                    "entityField, timestampField and featuresField must differ, got " + this);
        }
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be positive, got " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.ignoreUnknownFeatures = ignoreUnknownFeatures;
    }

    /** Field names {@code entity}, {@code ts}, {@code features}; 64 KiB; unknown features fail. */
    public static DecoderConfig defaults() {
        return DEFAULTS;
    }

    /**
     * The three field names at once, checked together: names that only clash with a default they
     * replace (entity "ts", ts "time") are fine.
     */
    public DecoderConfig withFields(String entity, String timestamp, String features) {
        return new DecoderConfig(
                entity, timestamp, features, maxRecordBytes, ignoreUnknownFeatures);
    }

    public DecoderConfig withEntityField(String name) {
        return new DecoderConfig(
                name, timestampField, featuresField, maxRecordBytes, ignoreUnknownFeatures);
    }

    public DecoderConfig withTimestampField(String name) {
        return new DecoderConfig(
                entityField, name, featuresField, maxRecordBytes, ignoreUnknownFeatures);
    }

    public DecoderConfig withFeaturesField(String name) {
        return new DecoderConfig(
                entityField, timestampField, name, maxRecordBytes, ignoreUnknownFeatures);
    }

    /** Values larger than this are dead letters (TOO_LARGE) without being parsed. */
    public DecoderConfig withMaxRecordBytes(int bytes) {
        return new DecoderConfig(
                entityField, timestampField, featuresField, bytes, ignoreUnknownFeatures);
    }

    /**
     * When true, named features the model does not take are skipped instead of making the record a
     * dead letter (UNKNOWN_FEATURE): for producers that send a superset of a model's features.
     */
    public DecoderConfig withIgnoreUnknownFeatures(boolean ignore) {
        return new DecoderConfig(
                entityField, timestampField, featuresField, maxRecordBytes, ignore);
    }

    public String entityField() {
        return entityField;
    }

    public String timestampField() {
        return timestampField;
    }

    public String featuresField() {
        return featuresField;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public boolean ignoreUnknownFeatures() {
        return ignoreUnknownFeatures;
    }

    private static String requireName(String option, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(option + " must be a non-blank field name");
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DecoderConfig)) {
            return false;
        }
        DecoderConfig c = (DecoderConfig) o;
        return entityField.equals(c.entityField)
                && timestampField.equals(c.timestampField)
                && featuresField.equals(c.featuresField)
                && maxRecordBytes == c.maxRecordBytes
                && ignoreUnknownFeatures == c.ignoreUnknownFeatures;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                entityField, timestampField, featuresField, maxRecordBytes, ignoreUnknownFeatures);
    }

    @Override
    public String toString() {
        return "DecoderConfig{entityField="
                + entityField
                + ", timestampField="
                + timestampField
                + ", featuresField="
                + featuresField
                + ", maxRecordBytes="
                + maxRecordBytes
                + ", ignoreUnknownFeatures="
                + ignoreUnknownFeatures
                + "}";
    }
}
