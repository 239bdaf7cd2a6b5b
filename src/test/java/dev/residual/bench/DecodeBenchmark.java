package dev.residual.bench;

import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.io.DecodeResult;
import dev.residual.io.DecoderConfig;
import dev.residual.io.RawRecord;
import dev.residual.io.RecordDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link RecordDecoder#decode} of one 38-feature record, features by name and as an array. The
 * records cycle through 1024 generated ones, so that the branch predictor cannot learn one value.
 */
@State(Scope.Thread)
public class DecodeBenchmark {
    static final int FEATURES = 38;
    private static final int RECORDS = 1024;

    private RecordDecoder decoder;
    private RawRecord[] named;
    private RawRecord[] array;
    private int next;

    @Setup
    public void setUp() {
        SyntheticFleet fleet = new SyntheticFleet(FEATURES, 7);
        decoder = new RecordDecoder(fleet.featureNames(), DecoderConfig.defaults());
        List<Row> rows = fleet.generate("machine-07", RECORDS, 1_700_000_000_000L, 1000, List.of());
        named = new RawRecord[RECORDS];
        array = new RawRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            named[i] = raw(fleet.toJson(rows.get(i), true), i);
            array[i] = raw(fleet.toJson(rows.get(i), false), i);
        }
    }

    private static RawRecord raw(String json, long offset) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        return new RawRecord(null, value, "features", 0, offset, 1_800_000_000_000L);
    }

    @Benchmark
    public DecodeResult named() {
        next = (next + 1) & (RECORDS - 1);
        return decoder.decode(named[next]);
    }

    @Benchmark
    public DecodeResult array() {
        next = (next + 1) & (RECORDS - 1);
        return decoder.decode(array[next]);
    }
}
