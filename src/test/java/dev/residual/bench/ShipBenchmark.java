package dev.residual.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.residual.eval.SyntheticFleet;
import dev.residual.io.FeatureRecord;
import dev.residual.score.OnnxScorer;
import dev.residual.score.ScoredRecord;
import dev.residual.testing.TestModels;
import dev.residual.train.RetrainedModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The work of one batch from the scorer to the threshold, as before and after slimming it (issue
 * 6): score a batch of 38-feature records, build what crosses the keyBy, and serialise and
 * deserialise it with Flink's serializer as the network does. {@code legacy} is the former way,
 * kept here to compare against: a tensor and a result per call, each output read with {@code
 * getFloatBuffer} (a copy) into a new array (a second copy), two slices per record, and a POJO
 * carrying the record and three float[38]. {@code slim} is the job's way now: {@link
 * OnnxScorer#scoreReusing} and {@link ScoredRecord} with the top features only.
 */
@State(Scope.Thread)
public class ShipBenchmark {
    @Param({"64"})
    public int batch;

    private static final int TOP = 3;

    private OnnxScorer scorer;
    private OrtEnvironment env;
    private OrtSession session;
    private FloatBuffer input;
    private float[][] rows;
    private FeatureRecord[] records;
    private TypeSerializer<LegacyScoredRecord> legacySerializer;
    private TypeSerializer<ScoredRecord> slimSerializer;
    private final DataOutputSerializer out = new DataOutputSerializer(64 * 1024);
    private final DataInputDeserializer in = new DataInputDeserializer();

    /** What crossed the keyBy before: the record and the full per-feature arrays. */
    public static class LegacyScoredRecord {
        public FeatureRecord record;
        public float score;
        public float[] featureErrors;
        public float[] expected;

        public LegacyScoredRecord() {}
    }

    @Setup(Level.Trial)
    public void setUp() {
        SyntheticFleet fleet = new SyntheticFleet(DecodeBenchmark.FEATURES, 7);
        RetrainedModel model = TestModels.dense(fleet, 2000);
        int width = DecodeBenchmark.FEATURES;
        scorer = OnnxScorer.open(model.modelOnnx(), "bench", width, width, 1);
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model.modelOnnx(), options);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        input =
                ByteBuffer.allocateDirect(batch * width * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        rows = TestModels.rows(fleet, batch, 3);
        records = new FeatureRecord[batch];
        for (int i = 0; i < batch; i++) {
            records[i] = new FeatureRecord("machine-" + i, 1_000L + i, rows[i], "features", 1, i);
        }
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        legacySerializer = TypeInformation.of(LegacyScoredRecord.class).createSerializer(config);
        slimSerializer = TypeInformation.of(ScoredRecord.class).createSerializer(config);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        scorer.close();
        session.close();
    }

    /** The former {@code OnnxScorer.score}. */
    private float[][] legacyScore() throws OrtException {
        int f = DecodeBenchmark.FEATURES;
        input.clear();
        for (int i = 0; i < batch; i++) {
            input.put(rows[i], 0, f);
        }
        input.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {batch, f});
                OrtSession.Result result = session.run(Map.of(OnnxScorer.INPUT, tensor))) {
            return new float[][] {
                read(result, OnnxScorer.SCORE, batch),
                read(result, OnnxScorer.FEATURE_ERRORS, batch * f),
                read(result, OnnxScorer.RECONSTRUCTION, batch * f)
            };
        }
    }

    private static float[] read(OrtSession.Result result, String name, int size) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] out = new float[size];
        buffer.get(out);
        return out;
    }

    @Benchmark
    public void legacy(Blackhole sink) throws IOException, OrtException {
        float[][] s = legacyScore();
        int f = DecodeBenchmark.FEATURES;
        out.clear();
        for (int i = 0; i < batch; i++) {
            LegacyScoredRecord r = new LegacyScoredRecord();
            r.record = records[i];
            r.score = s[0][i];
            r.featureErrors = Arrays.copyOfRange(s[1], i * f, (i + 1) * f);
            r.expected = Arrays.copyOfRange(s[2], i * f, (i + 1) * f);
            legacySerializer.serialize(r, out);
        }
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        for (int i = 0; i < batch; i++) {
            sink.consume(legacySerializer.deserialize(in));
        }
    }

    @Benchmark
    public void slim(Blackhole sink) throws IOException {
        OnnxScorer.Scores s = scorer.scoreReusing(rows, batch);
        int f = DecodeBenchmark.FEATURES;
        out.clear();
        for (int i = 0; i < batch; i++) {
            ScoredRecord r =
                    ScoredRecord.of(
                            records[i],
                            s.score()[i],
                            s.featureErrors(),
                            s.reconstruction(),
                            i * f,
                            f,
                            TOP);
            slimSerializer.serialize(r, out);
        }
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        for (int i = 0; i < batch; i++) {
            sink.consume(slimSerializer.deserialize(in));
        }
    }
}
