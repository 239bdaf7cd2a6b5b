package dev.residual.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.score.OnnxScorer;
import dev.residual.testing.TestModels;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bundle written by an earlier version, kept in src/test/resources, must still load, verify and
 * score with today's code. {@link #main} writes a new fixture; it is not a test, and a fixture is
 * replaced only when its format version is retired.
 */
class BundleFixtureTest {
    static final String FIXTURE = "bundles/dense-v1";

    private static Path fixture() throws URISyntaxException {
        return Path.of(BundleFixtureTest.class.getClassLoader().getResource(FIXTURE).toURI());
    }

    @Test
    void bundleOfFormatOneStillLoadsAndScores() throws Exception {
        ModelBundle bundle = ModelBundle.load(fixture());
        Manifest m = bundle.manifest();
        assertThat(m.formatVersion).isEqualTo(1);
        assertThat(m.kind).isEqualTo("dense");
        assertThat(m.calibration.threshold).isPositive();
        // Written before the score field: it is scored by reconstruction.
        assertThat(m.score).isNull();
        assertThat(m.latentScore).isNull();
        assertThat(m.scoreKind()).isEqualTo("reconstruction");
        int f = m.features.size();
        float[][] rows = new float[3][f];
        try (OnnxScorer scorer = OnnxScorer.open(bundle.modelBytes(), m.modelId, f, f, 1)) {
            OnnxScorer.Scores s = scorer.score(rows, rows.length);
            assertThat(s.score()).hasSize(3);
            assertThat(s.reconstruction()).hasSize(3 * f);
        }
    }

    /** Regenerates the fixture into src/test/resources: {@code java ... BundleFixtureTest DIR}. */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "src/test/resources/bundles");
        Path work = Files.createTempDirectory("fixture");
        Path models =
                TestModels.retrain(
                        new SyntheticFleet(4, 1),
                        List.of("a", "b"),
                        300,
                        work,
                        "--epochs",
                        "5",
                        "--name",
                        "dense-v1");
        Files.createDirectories(target);
        Files.move(ModelBundle.resolve(models), target.resolve("dense-v1"));
    }
}
