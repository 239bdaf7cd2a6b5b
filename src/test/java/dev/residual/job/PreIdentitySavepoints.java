package dev.residual.job;

import dev.residual.io.FeatureRecord;
import dev.residual.score.BaselineFunction;
import dev.residual.score.EntityBaseline;
import dev.residual.score.KeyedHarnesses;
import dev.residual.score.ScoredRecord;
import dev.residual.score.WindowAssembler;
import dev.residual.threshold.ThresholdConfig;
import dev.residual.threshold.ThresholdFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

/**
 * The keyed state of the threshold, window and baseline functions as the job wrote it before states
 * recorded the bundle they were learned under (commit 7fee02b), kept as fixtures in {@code
 * src/test/resources/savepoints/pre-identity} so that today's code is tested restoring them. Not a
 * test: {@link #main} regenerates them, and must run on that commit's {@code src/main} (its state
 * classes; the test sources of this one), which is what makes them fixtures of it. The functions
 * and records are defined here, and shared with {@link PreIdentitySavepointTest}, which restores
 * them.
 */
final class PreIdentitySavepoints {
    static final Path DIR = Path.of("src/test/resources/savepoints/pre-identity");
    static final long T0 = 1_732_700_000_000L;
    static final long SECOND = 1000L;
    static final long TTL = 3_600_000L;
    static final String MODEL_ID = "dense-ae/2026-11-27T00:00:00Z/abcdef";
    static final List<String> FEATURES = List.of("a", "b");
    static final int W = 3;
    static final int RECORDS = 200;
    static final ThresholdConfig THRESHOLD =
            ThresholdConfig.builder().halfLife(Duration.ofHours(24)).warmupRecords(50).build();

    private PreIdentitySavepoints() {}

    static FeatureRecord record(int i) {
        return new FeatureRecord(
                "m", T0 + i * SECOND, new float[] {i % 7, 2 * (i % 5)}, "features", 0, i);
    }

    /** A normal score of record {@code i}, log-normal about 0.1, seeded by {@code i}. */
    static ScoredRecord scored(int i) {
        Random random = new Random(i);
        float[] errors = new float[FEATURES.size()];
        for (int f = 0; f < errors.length; f++) {
            errors[f] = (float) (0.1 * Math.exp(0.2 * random.nextGaussian()));
        }
        float score = (errors[0] + errors[1]) / 2;
        return ScoredRecord.of(record(i), score, errors, null, 0, errors.length, 1);
    }

    static ThresholdFunction threshold() {
        return new ThresholdFunction(THRESHOLD, 1.0, MODEL_ID, FEATURES);
    }

    /**
     * Regenerates the fixtures; run from the project directory, on commit 7fee02b's main classes.
     */
    public static void main(String[] args) throws Exception {
        Files.createDirectories(DIR);
        try (var h = KeyedHarnesses.open(threshold(), (ScoredRecord r) -> r.entity, null)) {
            for (int i = 0; i < RECORDS; i++) {
                ScoredRecord r = scored(i);
                h.processElement(r, r.ts);
            }
            write(h.snapshot(1L, 1L), "threshold");
        }
        try (var h =
                KeyedHarnesses.open(
                        new WindowAssembler(W, FEATURES.size(), 10 * SECOND, TTL),
                        (FeatureRecord r) -> r.entity,
                        null)) {
            for (int i = 0; i < RECORDS; i++) {
                h.processElement(record(i), record(i).ts);
            }
            write(h.snapshot(1L, 1L), "window");
        }
        try (var h =
                KeyedHarnesses.open(
                        new BaselineFunction(new EntityBaseline(5, TTL, 3.0), FEATURES.size(), TTL),
                        (FeatureRecord r) -> r.entity,
                        null)) {
            for (int i = 0; i < RECORDS; i++) {
                h.processElement(record(i), record(i).ts);
            }
            write(h.snapshot(1L, 1L), "baseline");
        }
    }

    private static void write(OperatorSubtaskState state, String name) throws Exception {
        OperatorSnapshotUtil.writeStateHandle(state, DIR.resolve(name + ".snapshot").toString());
    }
}
