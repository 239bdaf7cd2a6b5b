package dev.residual.train;

import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of a history that could not be used, counted by reason. A few bad rows in a large
 * history are skipped, as the job dead-letters bad records; more than {@link #MAX_FRACTION} of them
 * means the file is wrong (another delimiter, another schema), and training stops.
 */
final class Skipped {
    /** The largest share of bad rows that is skipped rather than refused. */
    static final double MAX_FRACTION = 0.01;

    private final Map<String, Long> byReason = new TreeMap<>();
    private String first;
    private long total;

    void add(HistorySource.BadRow row) {
        byReason.merge(row.reason, 1L, Long::sum);
        if (first == null) {
            first = row.getMessage();
        }
        total++;
    }

    /** Refuses the history when more than {@link #MAX_FRACTION} of its rows are bad. */
    void check(long goodRows) {
        if (total > 0 && total > MAX_FRACTION * (goodRows + total)) {
            throw new HistoryException(
                    total
                            + " of "
                            + (goodRows + total)
                            + " rows cannot be used "
                            + byReason
                            + ", more than "
                            + (int) (MAX_FRACTION * 100)
                            + "%; the first: "
                            + first);
        }
    }

    /** Adds {@code data.skipped.<reason>} counts: they belong to the model's provenance. */
    void describeInto(Map<String, String> description) {
        byReason.forEach(
                (reason, count) -> description.put("data.skipped." + reason, Long.toString(count)));
        if (first != null) {
            // A file's path varies between machines; a topic's partition and offset do not.
            int line = first.indexOf(", line ");
            description.put("data.skipped.first", line < 0 ? first : first.substring(line + 2));
        }
    }
}
