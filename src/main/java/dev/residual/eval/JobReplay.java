package dev.residual.eval;

import dev.residual.io.AnomalyEvent;
import dev.residual.io.DeadLetter;
import dev.residual.io.RawRecord;
import dev.residual.job.JobSettings;
import dev.residual.job.ScoringWorkflow;
import dev.residual.model.ModelBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The scoring job itself, {@link ScoringWorkflow#define}, run bounded on a local MiniCluster at
 * parallelism 1 (so each entity's records stay in time order) over the replay's records, its
 * anomaly events and dead letters collected. The evaluation checks that the job alerts on exactly
 * the rows where the replay of its classes does, so the figures are the job's.
 */
public final class JobReplay {
    /** What one run collected, by run id: the sinks run in task threads of this JVM. */
    private static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    private JobReplay() {}

    /** The alerts of the job, as "entity@ts", sorted; fails if the job dead-letters a record. */
    public static Set<String> alerts(
            ModelBundle bundle, JobSettings settings, List<EntityRows> entities) throws Exception {
        List<byte[]> values = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (EntityRows e : entities) {
            for (int i = 0; i < e.size(); i++) {
                values.add(AutoencoderReplay.json(e, i));
                times.add(e.ts()[i]);
            }
        }
        String run = UUID.randomUUID().toString();
        COLLECTED.put(run, new ConcurrentLinkedQueue<>());
        try {
            GeneratorFunction<Long, RawRecord> records =
                    i -> {
                        int k = i.intValue();
                        return new RawRecord(null, values.get(k), "replay", 0, k, times.get(k));
                    };
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
            ScoringWorkflow.define(
                    env,
                    settings,
                    bundle,
                    new DataGeneratorSource<>(
                            records, values.size(), TypeInformation.of(RawRecord.class)),
                    new Collect<DeadLetter>(run),
                    new Collect<AnomalyEvent>(run));
            env.execute("evaluate-replay");
            Set<String> alerts = new TreeSet<>();
            for (Object o : COLLECTED.get(run)) {
                if (o instanceof DeadLetter d) {
                    throw new IllegalStateException(
                            "the job dead-lettered a replayed record: "
                                    + d.reason
                                    + ": "
                                    + d.detail);
                }
                AnomalyEvent a = (AnomalyEvent) o;
                alerts.add(a.entity + "@" + a.ts);
            }
            return alerts;
        } finally {
            COLLECTED.remove(run);
        }
    }

    /** The alert rows of the replay's rolling detector, in the same "entity@ts" form. */
    public static Set<String> alerts(DetectorOutput rolling, List<EntityRows> entities) {
        Set<String> out = new TreeSet<>();
        for (EntityRows e : entities) {
            boolean[] alert = rolling.of(e.name()).alert();
            for (int i = 0; i < alert.length; i++) {
                if (alert[i]) {
                    out.add(e.name() + "@" + e.ts()[i]);
                }
            }
        }
        return out;
    }

    /** A sink that keeps what it gets in {@link #COLLECTED} under its run id. */
    private static final class Collect<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String run;

        Collect(String run) {
            this.run = run;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Queue<Object> target = COLLECTED.get(run);
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    target.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
