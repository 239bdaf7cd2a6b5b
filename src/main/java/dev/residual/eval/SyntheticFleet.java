package dev.residual.eval;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic fleet of machines whose sensors follow a few shared hidden factors, so features
 * are correlated the way real sensors are, and a way to inject the four kinds of incident the demo
 * and the tests look for: a spike, a slow drift, a broken correlation and a stuck sensor. The same
 * seed gives the same numbers, so tests need no stored data.
 */
public final class SyntheticFleet {
    private static final String[] NAMES = {
        "temp", "vibration", "pressure", "flow", "current", "voltage", "rpm", "humidity"
    };
    private static final int FACTORS = 3;
    private static final double AR = 0.97;
    private static final double NOISE = 0.15;

    private final int featureCount;
    private final long seed;
    private final double[][] loadings;
    private final double[] base;
    private final double[] unit;

    /** One kind of injected incident. */
    public enum Kind {
        SPIKE,
        DRIFT,
        BROKEN_CORRELATION,
        STUCK
    }

    /** An incident: records {@code [start, start + length)} of one entity, on one feature. */
    public record Injection(String entity, Kind kind, int feature, int start, int length) {}

    /** One generated record, in feature units, with its label. */
    public record Row(String entity, int index, long ts, double[] values, boolean anomalous) {}

    public SyntheticFleet(int featureCount, long seed) {
        if (featureCount < 2) {
            throw new IllegalArgumentException("featureCount must be >= 2, got " + featureCount);
        }
        this.featureCount = featureCount;
        this.seed = seed;
        Random r = new Random(seed);
        loadings = new double[featureCount][FACTORS];
        base = new double[featureCount];
        unit = new double[featureCount];
        for (int f = 0; f < featureCount; f++) {
            for (int k = 0; k < FACTORS; k++) {
                loadings[f][k] = r.nextGaussian() * 0.8;
            }
            base[f] = 10 + r.nextInt(90);
            unit[f] = Math.pow(10, r.nextInt(3) - 1);
        }
    }

    /** Feature names: eight sensor names, then sensor_8, sensor_9 and so on. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < featureCount; f++) {
            names.add(f < NAMES.length ? NAMES[f] : "sensor_" + f);
        }
        return names;
    }

    /** The entity names {@code machine-00} and on. */
    public static List<String> entities(int count) {
        List<String> names = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            names.add(String.format("machine-%02d", e));
        }
        return names;
    }

    /**
     * Generates {@code records} records for one entity, one every {@code intervalMillis} from
     * {@code startMillis}, with the given injections (those of other entities are ignored).
     */
    public List<Row> generate(
            String entity,
            int records,
            long startMillis,
            long intervalMillis,
            List<Injection> injections) {
        Random r = new Random(seed * 31 + entity.hashCode());
        double[] offset = new double[featureCount];
        for (int f = 0; f < featureCount; f++) {
            offset[f] = r.nextGaussian() * 0.2;
        }
        double[] z = new double[FACTORS];
        double[] stuck = new double[featureCount];
        List<Row> rows = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            for (int k = 0; k < FACTORS; k++) {
                z[k] = AR * z[k] + Math.sqrt(1 - AR * AR) * r.nextGaussian();
            }
            double[] x = new double[featureCount];
            for (int f = 0; f < featureCount; f++) {
                x[f] = offset[f] + signal(f, z) + NOISE * r.nextGaussian();
            }
            boolean anomalous = false;
            for (Injection inj : injections) {
                if (inj.entity().equals(entity) && i >= inj.start()) {
                    if (i == inj.start()) {
                        stuck[inj.feature()] = x[inj.feature()];
                    }
                    if (i < inj.start() + inj.length()) {
                        apply(inj, i - inj.start(), x, z, stuck, r);
                        anomalous = true;
                    }
                }
            }
            rows.add(new Row(entity, i, startMillis + i * intervalMillis, toUnits(x), anomalous));
        }
        return rows;
    }

    private double signal(int f, double[] z) {
        double s = 0;
        for (int k = 0; k < FACTORS; k++) {
            s += loadings[f][k] * z[k];
        }
        return s;
    }

    /** The standard deviation of a feature's normal variation, in generator units. */
    private double spread(int f) {
        double v = NOISE * NOISE;
        for (int k = 0; k < FACTORS; k++) {
            v += loadings[f][k] * loadings[f][k];
        }
        return Math.sqrt(v);
    }

    private void apply(Injection inj, int step, double[] x, double[] z, double[] stuck, Random r) {
        int f = inj.feature();
        // Sized by the feature's own spread, so an incident is as visible on every feature.
        switch (inj.kind()) {
            case SPIKE -> x[f] += 6.0 * spread(f);
            case DRIFT ->
                    x[f] += 6.0 * spread(f) * Math.min(1.0, (step + 1.0) / (inj.length() * 0.5));
            case BROKEN_CORRELATION -> x[f] = -signal(f, z) * 2.5 + NOISE * r.nextGaussian();
            case STUCK -> x[f] = stuck[f];
        }
    }

    private double[] toUnits(double[] x) {
        double[] v = new double[featureCount];
        for (int f = 0; f < featureCount; f++) {
            v[f] = base[f] + unit[f] * x[f];
        }
        return v;
    }

    /**
     * Writes normal history of the given entities as CSV: an ISO {@code datetime} column, an {@code
     * entity} column and the features, the layout retrain reads.
     */
    public void writeHistoryCsv(
            Path csv,
            List<String> entities,
            int rowsPerEntity,
            long startMillis,
            long intervalMillis)
            throws IOException {
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("datetime,entity," + String.join(",", featureNames()) + "\n");
            for (String entity : entities) {
                for (Row row :
                        generate(entity, rowsPerEntity, startMillis, intervalMillis, List.of())) {
                    StringBuilder line = new StringBuilder();
                    line.append(Instant.ofEpochMilli(row.ts())).append(',').append(entity);
                    for (double v : row.values()) {
                        line.append(',').append((float) v);
                    }
                    out.write(line.append('\n').toString());
                }
            }
        }
    }

    /**
     * A row as the job's JSON input: features by name, or as an array in feature order. A float
     * prints its shortest exact form, and far faster than a format string.
     */
    public String toJson(Row row, boolean byName) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"entity\":\"").append(row.entity()).append("\",\"ts\":").append(row.ts());
        json.append(byName ? ",\"features\":{" : ",\"features\":[");
        List<String> names = featureNames();
        for (int f = 0; f < featureCount; f++) {
            if (f > 0) {
                json.append(',');
            }
            if (byName) {
                json.append('"').append(names.get(f)).append("\":");
            }
            json.append((float) row.values()[f]);
        }
        return json.append(byName ? "}}" : "]}").toString();
    }

    /**
     * The demo's incidents: one of each kind on different entities, after {@code after} records,
     * spread over the first entities of the fleet. Spikes are short; the rest last a while.
     */
    public static List<Injection> standardIncidents(List<String> entities, int after) {
        List<Injection> list = new ArrayList<>();
        Kind[] kinds = Kind.values();
        int count = Math.min(entities.size() / 3, 8);
        for (int i = 0; i < count; i++) {
            Kind kind = kinds[i % kinds.length];
            int length = kind == Kind.SPIKE ? 3 : 60;
            list.add(new Injection(entities.get(i * 3), kind, i % 4, after + 37 * i, length));
        }
        return list;
    }
}
