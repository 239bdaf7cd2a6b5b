package dev.residual.cli;

import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Injection;
import dev.residual.eval.SyntheticFleet.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The demo's data: normal history to train on, written as CSV, and a live stream of JSON records in
 * the job's input format with incidents injected and a few malformed records mixed in, so that
 * every path of the job is exercised. Deterministic for a seed.
 */
final class DemoStream {
    /** Malformed values, each a different dead-letter reason, for records of F features. */
    static List<String> malformed(int featureCount) {
        String zeros = String.join(", ", java.util.Collections.nCopies(featureCount, "0"));
        return List.of(
                "this is not json",
                "{\"ts\": 1, \"features\": [" + zeros + "]}",
                "{\"entity\": \"machine-00\", \"features\": {\"no_such_sensor\": 1.0}}",
                "{\"entity\": \"machine-01\", \"features\": [" + zeros + ", 0]}",
                "{\"entity\": \"machine-02\", \"features\": {\"temp\": NaN}}",
                "{\"entity\": \"machine-03\", \"ts\": \"yesterday\", \"features\": []}");
    }

    private final SyntheticFleet fleet;
    private final List<String> entities;

    DemoStream(SyntheticFleet fleet, int entityCount) {
        this.fleet = fleet;
        this.entities = SyntheticFleet.entities(entityCount);
    }

    List<String> entities() {
        return entities;
    }

    /** Writes {@code rowsPerEntity} normal rows per entity as CSV with datetime and entity. */
    void writeHistory(Path csv, int rowsPerEntity, long startMillis) throws IOException {
        fleet.writeHistoryCsv(csv, entities, rowsPerEntity, startMillis, 1000);
    }

    /** The live stream, all entities interleaved in event-time order. */
    List<Row> stream(int recordsPerEntity, long startMillis, List<Injection> injections) {
        List<Row> rows = new ArrayList<>();
        for (String entity : entities) {
            rows.addAll(fleet.generate(entity, recordsPerEntity, startMillis, 1000, injections));
        }
        rows.sort(Comparator.comparingLong(Row::ts).thenComparing(Row::entity));
        return rows;
    }

    /** A row as the job's JSON input, features by name. */
    String toJson(Row row) {
        return fleet.toJson(row, true);
    }
}
