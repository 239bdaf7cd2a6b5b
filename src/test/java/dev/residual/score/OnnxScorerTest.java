package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.residual.model.Manifest;
import dev.residual.testing.TestModels;
import org.junit.jupiter.api.Test;

class OnnxScorerTest {
    private static final int F = 8;

    private static OnnxScorer open() {
        return OnnxScorer.open(TestModels.dense().modelOnnx(), "test-model", F, F, 1);
    }

    @Test
    void scoresABatchAsItScoresEachRowAlone() {
        float[][] rows = TestModels.rows(300, 1);
        try (OnnxScorer scorer = open()) {
            OnnxScorer.Scores batch = scorer.score(rows, rows.length);
            for (int i = 0; i < rows.length; i += 17) {
                OnnxScorer.Scores one = scorer.score(new float[][] {rows[i]}, 1);
                assertThat(one.score()[0]).isCloseTo(batch.score()[i], within(1e-6f));
                for (int f = 0; f < F; f++) {
                    assertThat(one.featureErrors()[f])
                            .isCloseTo(batch.featureErrors()[i * F + f], within(1e-6f));
                }
            }
        }
    }

    @Test
    void scoreIsTheMeanOfTheFeatureErrorsAndTheReconstructionIsInFeatureUnits() {
        float[][] rows = TestModels.rows(50, 2);
        try (OnnxScorer scorer = open()) {
            OnnxScorer.Scores s = scorer.score(rows, rows.length);
            assertThat(scorer.hasReconstruction()).isTrue();
            for (int i = 0; i < rows.length; i++) {
                double sum = 0;
                for (int f = 0; f < F; f++) {
                    sum += s.featureErrors()[i * F + f];
                    // Normal rows reconstruct close to themselves, in their own units.
                    double scale = Math.abs(rows[i][f]) + 1;
                    assertThat(Math.abs(s.reconstruction()[i * F + f] - rows[i][f]) / scale)
                            .isLessThan(0.5);
                }
                assertThat((double) s.score()[i]).isCloseTo(sum / F, within(1e-5));
            }
        }
    }

    @Test
    void reusedOutputsHoldTheSameScoresAsFreshOnesWhateverTheOrderOfBatchSizes() {
        float[][] rows = TestModels.rows(300, 5);
        try (OnnxScorer reference = open();
                OnnxScorer scorer = open()) {
            for (int n : new int[] {64, 1, 64, 17, 300, 2, 64}) {
                OnnxScorer.Scores fresh = reference.score(rows, n);
                OnnxScorer.Scores reused = scorer.scoreReusing(rows, n);
                assertThat(reused.score()).startsWith(fresh.score());
                assertThat(reused.featureErrors()).startsWith(fresh.featureErrors());
                assertThat(reused.reconstruction()).startsWith(fresh.reconstruction());
            }
        }
    }

    @Test
    void growsItsBufferForBatchesLargerThanBefore() {
        try (OnnxScorer scorer = open()) {
            assertThat(scorer.score(TestModels.rows(3, 3), 3).score()).hasSize(3);
            assertThat(scorer.score(TestModels.rows(1000, 4), 1000).score()).hasSize(1000);
            assertThat(scorer.score(new float[0][], 0).score()).isEmpty();
        }
    }

    @Test
    void refusesAModelOfAnotherWidthNamingTheModel() {
        byte[] model = TestModels.dense().modelOnnx();
        assertThatThrownBy(() -> OnnxScorer.open(model, "m-42", F + 1, F + 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m-42")
                .hasMessageContaining("[N, 9]");
    }

    @Test
    void refusesAGraphWithoutTheScoreOutputs() {
        byte[] encoder = TestModels.dense().files().get("encoder.onnx");
        assertThat(encoder).isNotNull();
        assertThatThrownBy(() -> OnnxScorer.open(encoder, "enc", F, F, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score");
    }

    @Test
    void refusesBytesThatAreNoModel() {
        assertThatThrownBy(() -> OnnxScorer.open(Manifest.MODEL_FILE.getBytes(), "junk", F, F, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("junk");
    }
}
