package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.FeatureRecord;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BaselinedWindowAssemblerTest {
    private static final int W = 3;
    private static final long SECOND = 1000L;
    private static final long IDLE_TTL = 3_600_000L;
    private static final long T0 = 1_732_700_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, WindowedRecord, WindowedRecord> harness;
    private long offset;

    @BeforeEach
    void openHarness() throws Exception {
        harness = harness(null);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowedRecord, WindowedRecord>
            harness(OperatorSubtaskState restoreFrom) throws Exception {
        return KeyedHarnesses.open(
                new BaselinedWindowAssembler(new WindowAssembler(W, 1, 60_000L, IDLE_TTL)),
                (WindowedRecord w) -> w.record.entity,
                restoreFrom);
    }

    /**
     * A record of raw value 100 + i as the baseline passes it on: in its warm-up without a model
     * input, after it standardised to i with mean 100 and sd 1.
     */
    private void send(int i, boolean warmUp) throws Exception {
        FeatureRecord r =
                new FeatureRecord(
                        "pump-7", T0 + offset * SECOND, new float[] {100 + i}, "f", 0, offset++);
        WindowedRecord w = new WindowedRecord(r, warmUp ? null : new float[] {i}, warmUp ? 0 : 1);
        if (!warmUp) {
            w.center = new float[] {100};
            w.scale = new float[] {1};
        }
        harness.processElement(w, r.ts);
    }

    private List<WindowedRecord> out() {
        return harness.extractOutputValues();
    }

    @Test
    void theWindowWarmsUpAfterTheBaselineAndWindowsStandardisedValues() throws Exception {
        send(0, true);
        send(0, true);
        for (int i = 1; i <= 4; i++) {
            send(i, false);
        }

        List<WindowedRecord> out = out();
        assertThat(out).hasSize(6);
        assertThat(out.subList(0, 4)).allMatch(w -> w.window == null);
        assertThat(out.get(4).window).containsExactly(1f, 2f, 3f);
        assertThat(out.get(5).window).containsExactly(2f, 3f, 4f);
        assertThat(out.get(5).record.features).as("in feature units").containsExactly(104f);
        assertThat(out.get(5).center).containsExactly(100f);
        assertThat(out.get(5).scale).containsExactly(1f);
    }

    @Test
    void aRestoredJobWindowsWithTheWindowsItHadAndIdleEntitiesExpire() throws Exception {
        send(1, false);
        send(2, false);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = harness(snapshot);
        send(3, false);
        assertThat(out().get(0).window).containsExactly(1f, 2f, 3f);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.setProcessingTime(10 * IDLE_TTL);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
