package dev.residual.eval;

import dev.residual.train.HistorySource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol's training rows of every entity, in entity then time order, as history for {@link
 * dev.residual.train.Retrain}: the rows only, never a label, never a test row.
 */
final class TrainingRows implements HistorySource {
    private final String dataset;
    private final List<String> features;
    private final List<EntityRows> entities;

    TrainingRows(String dataset, List<String> features, List<EntityRows> entities) {
        this.dataset = dataset;
        this.features = features;
        this.entities = entities;
    }

    @Override
    public List<String> featureNames() {
        return features;
    }

    @Override
    public void forEachRow(RowSink sink) {
        for (EntityRows e : entities) {
            for (float[] row : e.trainRows()) {
                double[] values = new double[row.length];
                for (int f = 0; f < row.length; f++) {
                    values[f] = row[f];
                }
                sink.accept(values);
            }
        }
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data.source", "evaluate");
        d.put("data.dataset", dataset);
        d.put("data.entities", Integer.toString(entities.size()));
        return d;
    }
}
