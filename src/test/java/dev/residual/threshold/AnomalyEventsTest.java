package dev.residual.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.residual.io.AnomalyEvent;
import dev.residual.io.AnomalyEvent.FeatureContribution;
import dev.residual.io.FeatureRecord;
import dev.residual.score.ScoredRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnomalyEventsTest {
    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    @Test
    void fillsEveryField() {
        ScoredRecord scored = new TestStreams(3, 0.1).spike("pump-7", 1_000L, 1, 50);
        Decision alert = new Decision(Decision.Kind.ALERT, scored.score, false, 0.5, false);
        AnomalyEvent e =
                AnomalyEvents.of(scored, alert, "dense-ae/x/1", TestStreams.FEATURES, 2, 900L, 1);
        assertThat(e.entity).isEqualTo("pump-7");
        assertThat(e.ts).isEqualTo(1_000L);
        assertThat((float) e.score).isEqualTo(scored.score);
        assertThat(Double.toString(e.score)).isEqualTo(Float.toString(scored.score));
        assertThat(e.threshold).isEqualTo(0.5);
        assertThat(e.severity).isCloseTo(scored.score / 0.5, within(1e-6));
        assertThat(e.smoothedScore).isNaN();
        assertThat(e.model).isEqualTo("dense-ae/x/1");
        assertThat(e.episodeId).isEqualTo("pump-7/900");
        assertThat(e.episodeStart).isEqualTo(900L);
        assertThat(e.episodeRecords).isEqualTo(1);
        assertThat(e.sourceTopic).isEqualTo("features");
        assertThat(e.sourcePartition).isEqualTo(2);
        assertThat(e.sourceOffset).isEqualTo(scored.offset);
        FeatureContribution top = e.topFeatures.get(0);
        assertThat(top.name).isEqualTo("vibration");
        assertThat(scored.topIndex[0]).isEqualTo(1);
        assertThat((float) top.value).isEqualTo(scored.topValue[0]);
        assertThat((float) top.expected).isEqualTo(scored.topExpected[0]);
    }

    @Test
    void smoothedAlertKeepsTheRecordsOwnScoreAndFeatures() {
        ScoredRecord scored = new TestStreams(3, 0.1).spike("pump-7", 1_000L, 1, 50);
        // The smoothed score crossed 0.5 while this record's own is far above it.
        Decision alert = new Decision(Decision.Kind.ALERT, 0.6, true, 0.5, false);
        AnomalyEvent e =
                AnomalyEvents.of(scored, alert, "dense-ae/x/1", TestStreams.FEATURES, 2, 900L, 1);
        assertThat(Double.toString(e.score)).isEqualTo(Float.toString(scored.score));
        assertThat(e.smoothedScore).isEqualTo(0.6);
        assertThat(e.threshold).isEqualTo(0.5);
        assertThat(e.severity).isCloseTo(1.2, within(1e-12));
        assertThat(e.topFeatures.get(0).name).isEqualTo("vibration");
        assertThat((float) e.topFeatures.get(0).value).isEqualTo(scored.topValue[0]);
    }

    @Test
    void ranksTopFeaturesByShareOfError() {
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            float[] errors = new float[NAMES.size()];
            for (int i = 0; i < errors.length; i++) {
                errors[i] = (float) TestStreams.logNormal(random, 0.1, 1.5);
            }
            List<FeatureContribution> top = AnomalyEvents.topFeatures(scored(errors), NAMES, 3);

            double sum = 0;
            for (float e : errors) {
                sum += e;
            }
            List<Integer> reference = new ArrayList<>(IntStream.range(0, 8).boxed().toList());
            reference.sort(Comparator.comparingDouble(i -> -errors[i]));
            assertThat(top).hasSize(3);
            for (int rank = 0; rank < 3; rank++) {
                int i = reference.get(rank);
                assertThat(top.get(rank).name).isEqualTo(NAMES.get(i));
                assertThat(top.get(rank).share).isCloseTo(errors[i] / sum, within(1e-12));
            }
        }
    }

    @Test
    void expectedIsNaNWithoutReconstruction() {
        float[] errors = {0.1f, 0.3f};
        ScoredRecord s =
                ScoredRecord.of(
                        new FeatureRecord("e", 0L, new float[2], "features", 0, 0L),
                        1f,
                        errors,
                        null,
                        5);
        List<FeatureContribution> top = AnomalyEvents.topFeatures(s, NAMES, 5);
        assertThat(top).hasSize(2);
        assertThat(top).allSatisfy(f -> assertThat(f.expected).isNaN());
        assertThat(top.get(0).share + top.get(1).share).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void brokenErrorsStillNameTheFeature() {
        List<FeatureContribution> top =
                AnomalyEvents.topFeatures(
                        scored(new float[] {0.1f, Float.NaN, 0.2f}), List.of("x"), 2);
        assertThat(top.get(0).name).isEqualTo("feature[1]");
        assertThat(top.get(0).share).isNaN();
        assertThat(top.get(1).name).isEqualTo("feature[2]");
    }

    private static ScoredRecord scored(float[] errors) {
        float[] values = new float[errors.length];
        float[] expected = new float[errors.length];
        for (int i = 0; i < errors.length; i++) {
            values[i] = i;
            expected[i] = i + 0.5f;
        }
        FeatureRecord r = new FeatureRecord("e", 0L, values, "features", 0, 0L);
        return ScoredRecord.of(r, 1f, errors, expected, errors.length);
    }
}
