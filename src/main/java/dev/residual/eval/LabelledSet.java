package dev.residual.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A labelled benchmark: entities with rows, the protocol's training rows and the labels. Detectors
 * get {@link #unlabelled()}, copies without labels; only the evaluation reads {@link #entities()}.
 */
public final class LabelledSet {
    /**
     * One entity with its labels.
     *
     * @param changepoint true change points (SKAB's column); all false where the data has none
     */
    public record Entity(EntityRows rows, boolean[] anomaly, boolean[] changepoint) {}

    private final String name;
    private final List<String> featureNames;
    private final List<Entity> entities;
    private final boolean hasChangepoints;

    public LabelledSet(
            String name,
            List<String> featureNames,
            List<Entity> entities,
            boolean hasChangepoints) {
        if (entities.isEmpty()) {
            throw new IllegalArgumentException(name + ": no labelled entities");
        }
        this.name = name;
        this.featureNames = List.copyOf(featureNames);
        this.entities = List.copyOf(entities);
        this.hasChangepoints = hasChangepoints;
    }

    public String name() {
        return name;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** The entities with their labels: for the evaluation's scorer only. */
    public List<Entity> entities() {
        return entities;
    }

    /** Whether the data marks change points, which NAB scores need. */
    public boolean hasChangepoints() {
        return hasChangepoints;
    }

    /** What detectors get: every entity's rows, times and training mask, copied, no labels. */
    public List<EntityRows> unlabelled() {
        List<EntityRows> out = new ArrayList<>();
        for (Entity e : entities) {
            EntityRows r = e.rows();
            float[][] rows = new float[r.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = r.rows()[i].clone();
            }
            out.add(new EntityRows(r.name(), r.ts().clone(), rows, r.train().clone()));
        }
        return out;
    }
}
