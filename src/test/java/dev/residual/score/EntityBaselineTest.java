package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class EntityBaselineTest {
    private static final long SECOND = 1000L;
    private static final long HOUR = 3600 * SECOND;

    @Test
    void warmUpIsWelfordAndEqualsTheTwoPassMeanAndVariance() {
        EntityBaseline rule = new EntityBaseline(50, HOUR, 3);
        BaselineState state = new BaselineState();
        Random random = new Random(11);
        float[][] rows = new float[50][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {(float) (1e4 + random.nextGaussian() * 3), random.nextFloat()};
            assertThat(rule.observe(state, rows[i], i * SECOND)).as("warm-up").isNull();
        }
        for (int f = 0; f < 2; f++) {
            double mean = 0;
            for (float[] r : rows) {
                mean += r[f];
            }
            mean /= rows.length;
            double var = 0;
            for (float[] r : rows) {
                var += (r[f] - mean) * (r[f] - mean);
            }
            var /= rows.length;
            assertThat(state.mean[f]).isCloseTo(mean, within(1e-9 * Math.abs(mean)));
            assertThat(state.m2[f] / state.weight).isCloseTo(var, within(1e-9 * var));
        }
        assertThat(rule.isWarmingUp(state)).isFalse();
    }

    @Test
    void standardisesByTheStateBeforeTheRecord() {
        EntityBaseline rule = new EntityBaseline(4, HOUR, 3);
        BaselineState state = warm(rule, new float[][] {{1}, {3}, {1}, {3}});
        // mean 2, population sd 1
        EntityBaseline.Standardised z = rule.observe(state, new float[] {5}, 10 * SECOND);
        assertThat(z.z()[0]).isEqualTo(3f);
        assertThat(z.center()[0]).isEqualTo(2f);
        assertThat(z.scale()[0]).isEqualTo(1f);
    }

    @Test
    void aZeroHalfLifeFreezesTheBaselineAfterTheWarmUp() {
        EntityBaseline rule = new EntityBaseline(4, 0, 3);
        BaselineState state = warm(rule, new float[][] {{1}, {3}, {1}, {3}});
        for (int i = 0; i < 100; i++) {
            rule.observe(state, new float[] {50}, (10 + i) * SECOND);
        }
        EntityBaseline.Standardised z = rule.observe(state, new float[] {2}, 200 * SECOND);
        assertThat(z.center()[0]).isEqualTo(2f);
        assertThat(z.scale()[0]).isEqualTo(1f);
        assertThat(state.records).isEqualTo(105);
    }

    /**
     * A record a day ahead stops the baseline's decay until event time catches up, but the later
     * records still enter at full weight and are standardised by it: nothing freezes.
     */
    @Test
    void aStrayFutureRecordLeavesLaterRecordsEnteringAtFullWeight() {
        EntityBaseline rule = new EntityBaseline(4, HOUR, 3);
        BaselineState state = warm(rule, new float[][] {{1}, {3}, {1}, {3}});
        rule.observe(state, new float[] {2}, 23 * HOUR);
        double weight = state.weight;
        rule.observe(state, new float[] {2}, 10 * SECOND);
        assertThat(state.weight).isCloseTo(weight + 1, within(1e-9));
        EntityBaseline.Standardised z = rule.observe(state, new float[] {5}, 11 * SECOND);
        assertThat(z.z()[0]).isGreaterThan(2f);
    }

    @Test
    void clipBoundsHowFarOneRecordMovesTheMean() {
        EntityBaseline rule = new EntityBaseline(4, HOUR, 2);
        BaselineState state = warm(rule, new float[][] {{1}, {3}, {1}, {3}});
        double before = state.mean[0];
        double weightBefore = state.weight;
        rule.observe(state, new float[] {1e6f}, 4 * SECOND);
        double alpha = 1.0 / state.weight;
        assertThat(state.weight).isLessThan(weightBefore + 1);
        // At most clip·sd·alpha: 2 · 1 · alpha, however wild the record.
        assertThat(state.mean[0] - before).isCloseTo(2 * alpha, within(1e-12));
        assertThat(Math.sqrt(state.m2[0] / state.weight)).isLessThan(1.5);
    }

    @Test
    void aRecordOutOfOrderDecaysNothing() {
        EntityBaseline rule = new EntityBaseline(4, HOUR, 3);
        BaselineState late = warm(rule, new float[][] {{1}, {3}, {1}, {3}});
        BaselineState same = warm(rule, new float[][] {{1}, {3}, {1}, {3}});
        rule.observe(late, new float[] {2.5f}, -HOUR);
        rule.observe(same, new float[] {2.5f}, 3 * SECOND);
        assertThat(late.weight).isEqualTo(5.0);
        assertThat(late.mean[0]).isEqualTo(same.mean[0]);
        assertThat(late.m2[0]).isEqualTo(same.m2[0]);
        assertThat(late.lastTs).isEqualTo(3 * SECOND);
    }

    @Test
    void oldRecordsWeighHalfAfterAHalfLife() {
        EntityBaseline rule = new EntityBaseline(4, HOUR, 3);
        BaselineState state = warm(rule, new float[][] {{1}, {3}, {1}, {3}});
        for (int i = 0; i < 20; i++) {
            rule.observe(state, new float[] {2}, 3 * SECOND);
        }
        assertThat(state.weight).isEqualTo(24.0);
        rule.observe(state, new float[] {2}, 3 * SECOND + HOUR);
        assertThat(state.weight).isCloseTo(24 * 0.5 + 1, within(1e-12));
        // Never below the warm-up's records, however long the gap (weight 3 + the new record).
        rule.observe(state, new float[] {2}, 3 * SECOND + 100 * HOUR);
        assertThat(state.weight).isCloseTo(4.0, within(1e-12));
    }

    @Test
    void aLongGapKeepsTheSpreadOfTheWarmUp() {
        // Mean 50, sd 1 for two hours at one record a second, then a day without records: the
        // old weights decay to nothing, but the spread must stay that of many records.
        EntityBaseline rule = new EntityBaseline(100, HOUR, 3);
        BaselineState state = new BaselineState();
        Random random = new Random(4);
        long t = 0;
        for (int i = 0; i < 7200; i++, t += SECOND) {
            rule.observe(state, new float[] {(float) (50 + random.nextGaussian())}, t);
        }
        long restart = t + 24 * HOUR;
        float worst = 0;
        for (int i = 0; i < 50; i++) {
            float x = (float) (50 + random.nextGaussian());
            EntityBaseline.Standardised z = rule.observe(state, new float[] {x}, restart + i);
            worst = Math.max(worst, Math.abs(z.z()[0]));
            assertThat(z.scale()[0]).isGreaterThan(0.5f);
        }
        assertThat(worst).as("normal records after the gap stay normal").isLessThan(4f);
        assertThat(state.weight).isGreaterThanOrEqualTo(100.0);
    }

    @Test
    void aFeatureConstantThroughTheWarmUpHasAFlooredSpread() {
        EntityBaseline rule = new EntityBaseline(10, HOUR, 3);
        BaselineState state = new BaselineState();
        for (int i = 0; i < 10; i++) {
            rule.observe(state, new float[] {70, 0}, i * SECOND);
        }
        EntityBaseline.Standardised z = rule.observe(state, new float[] {70.071f, 1}, 10 * SECOND);
        // floors: 1e-3 · (70 + 1) and 1e-3 · (0 + 1)
        assertThat(z.scale()[0]).isCloseTo(0.071f, within(1e-6f));
        assertThat(z.scale()[1]).isCloseTo(0.001f, within(1e-9f));
        assertThat(z.z()[0]).isCloseTo(1f, within(1e-2f));
        assertThat(z.z()[1]).isCloseTo(1000f, within(1e-2f));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new EntityBaseline(1, HOUR, 3)).hasMessageContaining("warm-up");
        assertThatThrownBy(() -> new EntityBaseline(10, -1, 3)).hasMessageContaining("half-life");
        assertThatThrownBy(() -> new EntityBaseline(10, HOUR, 0)).hasMessageContaining("clip");
        assertThatThrownBy(
                        () ->
                                new EntityBaseline(4, HOUR, 3)
                                        .observe(
                                                warm(
                                                        new EntityBaseline(4, HOUR, 3),
                                                        new float[][] {{1}}),
                                                new float[] {1, 2},
                                                0))
                .hasMessageContaining("features");
    }

    @Test
    void reusedArraysGetWhatNewArraysGet() {
        EntityBaseline rule = new EntityBaseline(20, 10 * SECOND, 3);
        BaselineState fresh = new BaselineState();
        BaselineState reused = new BaselineState();
        EntityBaseline.Standardised into = EntityBaseline.Standardised.of(3);
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            float[] x = {
                (float) (50 + random.nextGaussian()),
                (float) (i % 7),
                (float) (1e3 * random.nextDouble())
            };
            long ts = i * SECOND;
            EntityBaseline.Standardised expected = rule.observe(fresh, x, ts);
            assertThat(rule.observe(reused, x, ts, into)).isEqualTo(expected != null);
            if (expected != null) {
                assertThat(into.z()).containsExactly(expected.z());
                assertThat(into.center()).containsExactly(expected.center());
                assertThat(into.scale()).containsExactly(expected.scale());
            }
        }
        assertThat(reused.mean).containsExactly(fresh.mean);
        assertThat(reused.m2).containsExactly(fresh.m2);
        assertThat(reused.weight).isEqualTo(fresh.weight);
    }

    @Test
    void arraysOfTheWrongWidthAreRefusedBeforeTheBaselineMoves() {
        EntityBaseline rule = new EntityBaseline(4, HOUR, 3);
        BaselineState state = warm(rule, new float[][] {{1, 2}, {3, 4}, {1, 2}, {3, 4}});
        double[] mean = state.mean.clone();
        long records = state.records;

        assertThatThrownBy(
                        () ->
                                rule.observe(
                                        state,
                                        new float[] {5, 6},
                                        10 * SECOND,
                                        EntityBaseline.Standardised.of(3)))
                .hasMessageContaining("2 features");
        assertThatThrownBy(() -> rule.observe(state, new float[] {5, 6}, 10 * SECOND, null))
                .hasMessageContaining("warm-up");
        assertThat(state.mean).containsExactly(mean);
        assertThat(state.records).isEqualTo(records);
    }

    @Test
    void roundTripsThroughTheManifestBlock() {
        EntityBaseline rule = new EntityBaseline(100, 600_000, 2.5);
        EntityBaseline back = EntityBaseline.of(rule.toManifest());
        assertThat(back.warmupRecords()).isEqualTo(100);
        assertThat(back.halfLifeMillis()).isEqualTo(600_000);
        assertThat(back.clip()).isEqualTo(2.5);
        assertThat(EntityBaseline.of(null)).isNull();
    }

    @Test
    void stateIsSerializedAsPojoWithoutKryoAndStaysTheSameSize() throws IOException {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(BaselineState.class);
        EntityBaseline rule = new EntityBaseline(100, HOUR, 3);
        BaselineState state = new BaselineState();
        Random random = new Random(3);
        float[] x = new float[38];
        rule.observe(state, x, 0);
        int first = serializedSize(state);
        for (int i = 1; i < 5_000; i++) {
            for (int f = 0; f < x.length; f++) {
                x[f] = (float) random.nextGaussian();
            }
            rule.observe(state, x, i * SECOND);
        }
        state.expiryTimer = 123_456_789L;
        assertThat(serializedSize(state)).isEqualTo(first).isEqualTo(16 * 38 + 56);
    }

    private static BaselineState warm(EntityBaseline rule, float[][] rows) {
        BaselineState state = new BaselineState();
        for (int i = 0; i < rows.length; i++) {
            rule.observe(state, rows[i], i * SECOND);
        }
        return state;
    }

    private static int serializedSize(BaselineState state) throws IOException {
        TypeSerializer<BaselineState> serializer =
                TypeInformation.of(BaselineState.class)
                        .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(state, out);
        return out.length();
    }
}
