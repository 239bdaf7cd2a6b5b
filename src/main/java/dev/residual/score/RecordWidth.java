package dev.residual.score;

import dev.residual.io.FeatureRecord;

/**
 * The check the keyed functions in front of the scorer make of every record: as many features as
 * the bundle has. The decoder has already refused any other width, so a failure here is a bug in
 * the wiring, reported with the record's place.
 */
final class RecordWidth {
    private RecordWidth() {}

    /**
     * @param taker what takes the record, for the message ("the window")
     */
    static void require(FeatureRecord r, int features, String taker) {
        if (r.features.length != features) {
            throw new IllegalStateException(
                    "record of "
                            + r.entity
                            + " at "
                            + r.topic
                            + "-"
                            + r.partition
                            + "@"
                            + r.offset
                            + " has "
                            + r.features.length
                            + " features, "
                            + taker
                            + " takes "
                            + features);
        }
    }
}
