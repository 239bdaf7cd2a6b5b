package dev.residual.cli;

import dev.residual.io.AnomalyEvent;
import dev.residual.job.ScoringWorkflow;
import dev.residual.score.ScoredRecord;
import dev.residual.score.WindowState;
import dev.residual.threshold.ThresholdConfig;
import dev.residual.threshold.ThresholdFunction;
import dev.residual.threshold.ThresholdState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * The state part of {@code residual bench}: what one entity's threshold state takes through Flink's
 * own serializer for its type, and a job that holds a given number of entities in a state backend,
 * with its records/s, the heap it took and the size of a savepoint of it.
 *
 * <p>The job is the threshold step of the workflow on its own: generated scored records, one per
 * entity from one source reader that then pauses (so the job keeps running with its state), keyBy
 * entity, the job's {@link ThresholdFunction} at the job's parallelism, a discarding sink. The
 * model is left out: it keeps no per-entity state.
 */
final class BenchState {
    /** Records through the threshold function of the running state job (all in this JVM). */
    static final AtomicLong THRESHOLD_RECORDS = new AtomicLong();

    private BenchState() {}

    /** Serialized bytes of a threshold state with every field set, by Flink's POJO serializer. */
    static int thresholdStateBytes() throws IOException {
        ThresholdState s = new ThresholdState();
        s.normalRecords = 1000;
        s.weight = 123.4;
        s.logMean = -2.1;
        s.logM2 = 33.3;
        s.lastUpdateTs = 1_700_000_000_000L;
        s.episodeStart = 1_700_000_000_000L;
        s.lastAnomalousTs = 1_700_000_001_000L;
        s.episodeRecords = 3;
        s.expiryTimer = 1_700_000_002_000L;
        TypeSerializer<ThresholdState> serializer =
                TypeInformation.of(ThresholdState.class)
                        .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(128);
        serializer.serialize(s, out);
        return out.length();
    }

    /**
     * Serialized bytes of a full window of {@code window} vectors of {@code features} values, the
     * window assembler's state per entity, by Flink's POJO serializer.
     */
    static int windowStateBytes(int window, int features) throws IOException {
        WindowState s = WindowState.empty(window, features);
        float[] v = new float[features];
        for (int t = 0; t < window; t++) {
            s.offer(v, 1_700_000_000_000L + t, Long.MAX_VALUE);
        }
        TypeSerializer<WindowState> serializer =
                TypeInformation.of(WindowState.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(4 * window * features + 64);
        serializer.serialize(s, out);
        return out.length();
    }

    /** Serialized bytes of the key {@code entity}, by Flink's string serializer. */
    static int keyBytes(String entity) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        StringSerializer.INSTANCE.serialize(entity, out);
        return out.length();
    }

    /** What one run of the state job measured. */
    record Result(
            String backend,
            long entities,
            long records,
            double seconds,
            long heapBytes,
            long savepointBytes,
            long localDiskBytes) {}

    /**
     * Runs the state job over {@code entities} entities with the {@code backend} ("hashmap" or
     * "rocksdb"), takes a canonical savepoint once every record went through, and cancels it.
     */
    static Result run(
            Configuration base,
            Path work,
            String backend,
            int entities,
            ThresholdConfig config,
            double globalThreshold,
            double logSpread,
            String modelId,
            List<String> features)
            throws Exception {
        Configuration conf = new Configuration(base);
        conf.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        Path local = work.resolve("state-" + backend);
        conf.set(RocksDBOptions.LOCAL_DIRECTORIES, local.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DataGeneratorSource<ScoredRecord> source =
                new DataGeneratorSource<>(
                        new Scored(entities),
                        Long.MAX_VALUE,
                        parallelism -> new StopAfter(entities),
                        TypeInformation.of(ScoredRecord.class));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "scored")
                .setParallelism(1)
                .uid("scored")
                .keyBy(new ScoringWorkflow.ByEntity())
                .process(
                        new CountingThreshold(
                                config, globalThreshold, logSpread, modelId, features))
                .name("threshold")
                .uid("threshold")
                .sinkTo(new DiscardingSink<>())
                .name("discard")
                .uid("discard");
        long expected = entities;
        THRESHOLD_RECORDS.set(0);
        long before = usedHeap();
        long began = System.nanoTime();
        JobClient job = env.executeAsync("bench-state-" + backend);
        double seconds;
        long held;
        long savepointBytes;
        long disk;
        try {
            while (THRESHOLD_RECORDS.get() < expected) {
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    throw new IllegalStateException(
                            "the state job ended after "
                                    + THRESHOLD_RECORDS.get()
                                    + " of "
                                    + expected
                                    + " records");
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            seconds = (System.nanoTime() - began) / 1e9;
            held = usedHeap();
            Path savepoints = work.resolve("savepoints-" + backend);
            String savepoint =
                    job.triggerSavepoint(
                                    savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                            .get();
            savepointBytes = size(Path.of(java.net.URI.create(savepoint)));
            disk = Files.isDirectory(local) ? size(local) : 0;
        } finally {
            job.cancel().get();
        }
        awaitEnd(job);
        // The heap with the job and its entities, less the lower of the heap before the job and
        // once it is gone: either may still hold a local cluster that is shutting down.
        long heap = held - Math.min(before, usedHeap());
        return new Result(backend, entities, expected, seconds, heap, savepointBytes, disk);
    }

    /** Waits until the cancelled job has ended and its local cluster has let go of it. */
    private static void awaitEnd(JobClient job) throws InterruptedException {
        try {
            job.getJobExecutionResult().get();
        } catch (java.util.concurrent.ExecutionException e) {
            // Cancelled: the result is the cancellation.
        }
        TimeUnit.SECONDS.sleep(3);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /**
     * Record {@code i} is of entity {@code i mod entities}, so the first {@code entities} indices
     * cover every entity once; scores vary as a stream's do.
     */
    static final class Scored implements GeneratorFunction<Long, ScoredRecord> {
        private static final long serialVersionUID = 1L;
        private final int entities;

        Scored(int entities) {
            this.entities = entities;
        }

        @Override
        public ScoredRecord map(Long index) {
            long i = index;
            ScoredRecord r = new ScoredRecord();
            r.entity = String.format("machine-%07d", i % entities);
            r.ts = 1_700_000_000_000L + (i / entities) * 1000;
            r.score = 0.05f + (float) ((i * 2_654_435_761L) & 1023) / 10_000f;
            r.topic = "features";
            r.offset = i;
            r.errorSum = r.score * 38;
            r.topIndex = new int[] {0, 1, 2};
            r.topError = new float[] {r.score / 2, r.score / 4, r.score / 8};
            r.topValue = new float[] {1, 2, 3};
            r.topExpected = new float[] {1, 2, 3};
            return r;
        }
    }

    /** Lets a reader emit {@code limit} records, then pauses it for good; the job runs on. */
    static final class StopAfter implements RateLimiter<SourceSplit> {
        private final long limit;
        private long granted;

        StopAfter(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<Void> acquire(int records) {
            granted += records;
            return granted <= limit
                    ? CompletableFuture.completedFuture(null)
                    : new CompletableFuture<>();
        }
    }

    /** The job's threshold function, counting the records it has processed. */
    static final class CountingThreshold extends ThresholdFunction {
        private static final long serialVersionUID = 1L;

        CountingThreshold(
                ThresholdConfig config,
                double globalThreshold,
                double logSpread,
                String modelId,
                List<String> features) {
            super(config, globalThreshold, logSpread, modelId, features);
        }

        @Override
        public void processElement(ScoredRecord scored, Context ctx, Collector<AnomalyEvent> out)
                throws Exception {
            super.processElement(scored, ctx, out);
            THRESHOLD_RECORDS.incrementAndGet();
        }
    }
}
