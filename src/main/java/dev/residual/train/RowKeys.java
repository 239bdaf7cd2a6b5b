package dev.residual.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The entity and time of every row as it is read, which the windowed kinds build windows from. */
final class RowKeys {
    private final List<String> entities = new ArrayList<>();
    private long[] times = new long[1024];

    void add(String entity, long time) {
        if (entities.size() == times.length) {
            times = Arrays.copyOf(times, times.length * 2);
        }
        times[entities.size()] = time;
        entities.add(entity);
    }

    String[] entities() {
        return entities.toArray(new String[0]);
    }

    long[] times() {
        return Arrays.copyOf(times, entities.size());
    }
}
