package dev.residual.train;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * History as a Tribuo dataset of expected events (so it carries Tribuo's data provenance and
 * feature domain) and as the dense row-major float matrix that training and the ONNX graph use.
 * Tribuo orders features by name; the matrix keeps the source's column order, which is the model's
 * input order.
 */
public final class TrainingData {
    /** Fewer rows cannot give both a training and a validation split worth the name. */
    public static final int MIN_ROWS = 20;

    private final MutableDataset<Event> dataset;
    private final List<String> featureNames;
    private final float[] values;
    private final int rows;
    private final Map<String, String> source;
    private final RowKeys keys;

    private TrainingData(
            MutableDataset<Event> dataset,
            List<String> featureNames,
            float[] values,
            Map<String, String> source,
            RowKeys keys) {
        this.dataset = dataset;
        this.featureNames = featureNames;
        this.values = values;
        this.rows = values.length / featureNames.size();
        this.source = source;
        this.keys = keys;
    }

    /**
     * Reads all of {@code source}, skipping bad rows (counted by reason in {@link #source()});
     * fails with a {@link HistoryException} on too few rows or too many bad ones.
     */
    public static TrainingData read(HistorySource source) throws IOException {
        List<String> names = source.featureNames();
        Map<String, String> description = new TreeMap<>(source.describe());
        AnomalyFactory factory = new AnomalyFactory();
        MutableDataset<Event> dataset =
                new MutableDataset<>(
                        new SimpleDataSourceProvenance(description.toString(), factory), factory);
        String[] nameArray = names.toArray(new String[0]);
        Skipped skipped = new Skipped();
        RowKeys keys = new RowKeys();
        source.forEachRow(
                new HistorySource.RowSink() {
                    @Override
                    public void accept(double[] row) {
                        accept(row, null, HistorySource.UNKNOWN_TIME);
                    }

                    @Override
                    public void accept(double[] row, String entity, long time) {
                        dataset.add(
                                new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, nameArray, row));
                        keys.add(entity, time);
                    }

                    @Override
                    public void reject(HistorySource.BadRow row) {
                        skipped.add(row);
                    }
                });
        skipped.check(dataset.size());
        skipped.describeInto(description);
        if (dataset.size() < MIN_ROWS) {
            throw new HistoryException(
                    description.getOrDefault("data.file", "history")
                            + " has "
                            + dataset.size()
                            + " rows; at least "
                            + MIN_ROWS
                            + " are needed to train and validate");
        }
        description.put("data.rows", Integer.toString(dataset.size()));
        description.put("data.features", Integer.toString(names.size()));
        return new TrainingData(
                dataset, List.copyOf(names), denseMatrix(dataset, names), description, keys);
    }

    /**
     * Copies the dataset into a row-major matrix in {@code names} order, through the dataset's
     * feature map. A feature Tribuo never saw (every value absent) stays zero.
     */
    private static float[] denseMatrix(MutableDataset<Event> dataset, List<String> names) {
        ImmutableFeatureMap map = dataset.getFeatureIDMap();
        int width = names.size();
        int[] columnOfId = new int[map.size()];
        for (int c = 0; c < width; c++) {
            int id = map.getID(names.get(c));
            if (id >= 0) {
                columnOfId[id] = c;
            }
        }
        float[] matrix = new float[dataset.size() * width];
        int row = 0;
        for (Example<Event> example : dataset) {
            for (Feature feature : example) {
                int column = columnOfId[map.getID(feature.getName())];
                matrix[row * width + column] = (float) feature.getValue();
            }
            row++;
        }
        return matrix;
    }

    /** The Tribuo view: every row an {@link Event.EventType#EXPECTED} event. */
    public MutableDataset<Event> dataset() {
        return dataset;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public int features() {
        return featureNames.size();
    }

    public int rows() {
        return rows;
    }

    /** Row-major {@code rows x features} values, as float: the precision the model is served at. */
    float[] values() {
        return values;
    }

    /** Each row's entity (null where the source has none), in row order. */
    String[] entities() {
        return keys.entities();
    }

    /** Each row's time in epoch millis ({@link HistorySource#UNKNOWN_TIME} if none). */
    long[] times() {
        return keys.times();
    }

    /** The source's deterministic description plus row and feature counts, sorted by key. */
    public Map<String, String> source() {
        return Collections.unmodifiableMap(source);
    }
}
