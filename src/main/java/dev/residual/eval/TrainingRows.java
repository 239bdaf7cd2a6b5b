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
            for (int i = 0; i < e.size(); i++) {
                if (!e.train()[i]) {
                    continue;
                }
                float[] row = e.rows()[i];
                double[] values = new double[row.length];
                for (int f = 0; f < row.length; f++) {
                    values[f] = row[f];
                }
                // With its entity and time, so that windowed kinds window each entity apart.
                sink.accept(values, e.name(), e.ts()[i]);
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
