package dev.residual.train;

import dev.residual.score.BaselineState;
import dev.residual.score.EntityBaseline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * History standardised by per-entity baselines, as the job standardises what it scores: every
 * entity's rows are replayed in time order through the job's own {@link EntityBaseline}, its
 * warm-up rows are left out (the job does not score them) and the rest go on standardised, with
 * their entity and time. A source without entities is one entity. The rows are held in memory, as
 * {@link TrainingData} holds them anyway.
 */
public final class BaselinedHistory implements HistorySource {
    private final HistorySource source;
    private final EntityBaseline baseline;

    private BaselinedHistory(HistorySource source, EntityBaseline baseline) {
        this.source = source;
        this.baseline = baseline;
    }

    /** {@code source} standardised by {@code baseline}; {@code source} itself for null. */
    public static HistorySource wrap(HistorySource source, EntityBaseline baseline) {
        return baseline == null ? source : new BaselinedHistory(source, baseline);
    }

    @Override
    public List<String> featureNames() {
        return source.featureNames();
    }

    @Override
    public void forEachRow(RowSink sink) throws IOException {
        Map<String, List<Row>> entities = new LinkedHashMap<>();
        source.forEachRow(
                new RowSink() {
                    @Override
                    public void accept(double[] values) {
                        accept(values, null, UNKNOWN_TIME);
                    }

                    @Override
                    public void accept(double[] values, String entity, long time) {
                        if (time == UNKNOWN_TIME && baseline.halfLifeMillis() > 0) {
                            throw new HistoryException(
                                    "a baseline with a half-life needs the time of every row;"
                                            + " row "
                                            + count(entities)
                                            + " of the history has none (give it a time column,"
                                            + " or a half-life of 0 for a baseline frozen after"
                                            + " its warm-up)");
                        }
                        String key = entity == null ? "" : entity;
                        entities.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(new Row(toFloats(values), time));
                    }

                    @Override
                    public void reject(BadRow row) {
                        sink.reject(row);
                    }
                });
        int emitted = 0;
        for (Map.Entry<String, List<Row>> e : entities.entrySet()) {
            emitted += replay(e.getKey(), e.getValue(), sink);
        }
        if (emitted == 0 && !entities.isEmpty()) {
            throw new HistoryException(
                    "every row of the history's "
                            + entities.size()
                            + " entities fell in the baseline's warm-up of "
                            + baseline.warmupRecords()
                            + " rows per entity: nothing is left to train on");
        }
    }

    /** One entity's rows in time order through its baseline; returns the rows passed on. */
    private int replay(String entity, List<Row> rows, RowSink sink) {
        // A stable sort: rows of equal (or unknown) time keep the source's order.
        rows.sort(Comparator.comparingLong(Row::time));
        BaselineState state = new BaselineState();
        // One set of arrays for every row: each row's values are copied out before the next.
        EntityBaseline.Standardised z =
                EntityBaseline.Standardised.of(rows.isEmpty() ? 0 : rows.get(0).values().length);
        int emitted = 0;
        for (Row r : rows) {
            if (baseline.observe(state, r.values(), r.time(), z)) {
                double[] out = new double[z.z().length];
                for (int f = 0; f < out.length; f++) {
                    out[f] = z.z()[f];
                }
                sink.accept(out, entity.isEmpty() ? null : entity, r.time());
                emitted++;
            }
        }
        return emitted;
    }

    /** The values as the job holds a record's features, floats. */
    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int f = 0; f < values.length; f++) {
            out[f] = (float) values[f];
        }
        return out;
    }

    private static long count(Map<String, List<Row>> entities) {
        return entities.values().stream().mapToLong(List::size).sum() + 1;
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>(source.describe());
        d.put("baseline.warmup_records", Integer.toString(baseline.warmupRecords()));
        d.put("baseline.half_life_ms", Long.toString(baseline.halfLifeMillis()));
        d.put("baseline.clip", Double.toString(baseline.clip()));
        return d;
    }

    private record Row(float[] values, long time) {}
}
