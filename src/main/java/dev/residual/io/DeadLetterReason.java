package dev.residual.io;

/** Why a record could not be scored. Each value is a reason a person can act on. */
public enum DeadLetterReason {
    /** The value is not a JSON object. */
    NOT_JSON,
    /** The value is larger than the configured limit, or the entity id longer than its limit. */
    TOO_LARGE,
    /** No entity in the value and no record key. */
    MISSING_ENTITY,
    /** No features field, or it is neither an object nor an array. */
    MISSING_FEATURES,
    /** An array of features whose length differs from the bundle's feature count. */
    WRONG_DIMENSION,
    /** A named feature that the bundle does not know. */
    UNKNOWN_FEATURE,
    /** A feature of the bundle that the record does not carry. */
    MISSING_FEATURE,
    /** A feature that is not a number, or is NaN or infinite. */
    NOT_FINITE,
    /** A timestamp that is neither epoch millis nor ISO-8601. */
    BAD_TIMESTAMP
}
