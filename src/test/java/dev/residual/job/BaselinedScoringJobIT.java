package dev.residual.job;

import static dev.residual.job.KafkaJobFixture.ENTITIES;
import static dev.residual.job.KafkaJobFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.residual.eval.SyntheticFleet.Injection;
import dev.residual.eval.SyntheticFleet.Kind;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.io.AnomalyEvent;
import dev.residual.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring job with bundles trained behind per-entity baselines, a dense one and a windowed one
 * (conv, W = 4), end to end on a real broker and a MiniCluster at parallelism 2, over a fleet in
 * which one machine runs at another level and scale than every machine of the training history: the
 * raw model alerts on its normal records, the baselined ones do not, yet catch the spike injected
 * on it, naming the spiked feature, and the other incidents; alerts speak feature units; the
 * baseline's warm-up, and then the window's, is never scored; dead letters keep their reasons; a
 * failure mid-stream changes no alert.
 */
class BaselinedScoringJobIT {
    private static final int WARMUP = 60;
    private static final int W = 4;
    private static final String SHIFTED = "machine-05";
    private static final Injection SHIFTED_SPIKE = new Injection(SHIFTED, Kind.SPIKE, 4, 300, 3);
    private static final String[] BASELINE = {
        "--entity-baseline",
        "--baseline-warmup",
        Integer.toString(WARMUP),
        "--baseline-half-life",
        "1h"
    };
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final MiniClusterExtension FLINK = KafkaJobFixture.cluster(METRICS);

    @TempDir static Path dir;
    private static KafkaJobFixture fixture;
    private static Path raw;
    private static Path baselined;
    private static Path windowed;

    @BeforeAll
    static void startBrokerTrainAndProduce() throws Exception {
        fixture =
                KafkaJobFixture.start(
                        dir, METRICS, List.of(SHIFTED_SPIKE), BaselinedScoringJobIT::shift);
        assertThat(fixture.incidents)
                .filteredOn(i -> i.entity().equals(SHIFTED))
                .containsExactly(SHIFTED_SPIKE);
        raw = train("raw");
        baselined = train("baselined", BASELINE);
        String[] conv = {"--kind", "conv", "--window", Integer.toString(W), "--epochs", "10"};
        windowed = train("windowed", concat(conv, BASELINE));
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    /** The shifted machine reads 2x + 30 of what it would: another level and scale. */
    private static Row shift(Row r) {
        if (!r.entity().equals(SHIFTED)) {
            return r;
        }
        double[] v = r.values().clone();
        for (int f = 0; f < v.length; f++) {
            v[f] = 2 * v[f] + 30;
        }
        return new Row(r.entity(), r.index(), r.ts(), v, r.anomalous());
    }

    /** A bundle retrained with options {@code more} on the fleet's normal history, unshifted. */
    private static Path train(String name, String... more) throws Exception {
        String[] args = concat(new String[] {"--seed", "3"}, more);
        return TestModels.retrain(
                fixture.fleet,
                fixture.entities,
                800,
                Files.createDirectories(dir.resolve(name)),
                args);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        fixture.close();
    }

    @Test
    void theRawModelAlertsOnTheShiftedMachine() throws Exception {
        JobExecutionResult result = fixture.run("raw", raw, null);
        assertThat(fixture.alerts("raw", result))
                .as("an alert on the shifted machine's normal records")
                .anyMatch(
                        a -> a.entity.equals(SHIFTED) && !KafkaJobFixture.during(a, SHIFTED_SPIKE));
    }

    @Test
    void theBaselinedModelCatchesIncidentsAndTheShiftedMachinesSpikeOnly() throws Exception {
        JobExecutionResult result = fixture.run("baselined", baselined, null);

        long warmUp = ENTITIES * (long) WARMUP;
        assertThat(counter(result, "baselineWarmup")).isEqualTo(warmUp);
        assertThat(counter(result, "unscored")).isEqualTo(warmUp);
        assertThat(counter(result, "scored")).isEqualTo(fixture.validRecords - warmUp);

        // A stuck sensor is invisible to a pointwise model, as in ScoringJobIT.
        assertAlertsBehindTheBaseline(fixture.alerts("baselined", result), WARMUP, Kind.STUCK);
    }

    @Test
    void aWindowedModelWarmsUpTheBaselineThenTheWindowAndCatchesTheShiftedMachinesSpike()
            throws Exception {
        JobExecutionResult result = fixture.run("windowed-baselined", windowed, null);

        long baselineWarmUp = ENTITIES * (long) WARMUP;
        long windowWarmUp = ENTITIES * (W - 1L);
        assertThat(counter(result, "baselineWarmup")).isEqualTo(baselineWarmUp);
        assertThat(counter(result, "windowWarmup")).isEqualTo(windowWarmUp);
        assertThat(counter(result, "unscored")).isEqualTo(baselineWarmUp + windowWarmUp);
        assertThat(counter(result, "scored"))
                .isEqualTo(fixture.validRecords - baselineWarmUp - windowWarmUp);
        assertThat(counter(result, "windowRestarts")).isZero();
        assertThat(counter(result, "windowOutOfOrder")).isZero();
        fixture.assertDeadLettersWithReasons("windowed-baselined");

        // This conv model, wide as retrain makes it, reconstructs a stuck sensor's flat line well
        // enough (it did at W = 8 too); WindowedScoringJobIT's narrower windowed model catches it.
        assertAlertsBehindTheBaseline(
                fixture.alerts("windowed-baselined", result), WARMUP + W - 1, Kind.STUCK);
    }

    /**
     * Checks the alerts of a baselined run: one for every incident but those of kind {@code
     * missed}, none on a normal machine nor on the shifted one but for its spike, whose alert names
     * the spiked feature first; none before the entity's {@code firstScored}-th record; values and
     * expected values in feature units.
     */
    private static void assertAlertsBehindTheBaseline(
            List<AnomalyEvent> alerts, int firstScored, Kind missed) {
        alerts.forEach(a -> System.out.println(KafkaJobFixture.describe(a)));
        Set<String> incidentEntities = new HashSet<>();
        for (Injection inj : fixture.incidents) {
            incidentEntities.add(inj.entity());
            if (inj.kind() != missed) {
                assertThat(alerts)
                        .as("an alert for %s", inj)
                        .anyMatch(a -> KafkaJobFixture.during(a, inj));
            }
        }
        assertThat(alerts)
                .as("normal machines stay quiet")
                .allMatch(a -> incidentEntities.contains(a.entity));
        assertThat(alerts)
                .filteredOn(a -> a.entity.equals(SHIFTED))
                .as("the shifted machine alerts on its spike only, naming the spiked feature")
                .isNotEmpty()
                .allMatch(a -> KafkaJobFixture.during(a, SHIFTED_SPIKE))
                .allMatch(
                        a ->
                                a.topFeatures
                                        .get(0)
                                        .name
                                        .equals(
                                                fixture.fleet
                                                        .featureNames()
                                                        .get(SHIFTED_SPIKE.feature())));
        assertThat(alerts)
                .as("no alert on a warm-up record")
                .allMatch(a -> a.ts >= START + firstScored * 1000L);
        alerts.forEach(BaselinedScoringJobIT::assertInFeatureUnits);
    }

    /**
     * An alert's values are the record's own, in feature units, and its expected values the
     * baseline's mean plus its spread times the model's reconstruction: near the entity's normal
     * level, not in standardised units.
     */
    private static void assertInFeatureUnits(AnomalyEvent a) {
        List<String> names = fixture.fleet.featureNames();
        Row row =
                fixture.rows.stream()
                        .filter(r -> r.entity().equals(a.entity) && r.ts() == a.ts)
                        .findFirst()
                        .orElseThrow();
        List<Row> normal =
                fixture.rows.stream()
                        .filter(r -> r.entity().equals(a.entity) && r.index() < 200)
                        .toList();
        assertThat(a.topFeatures).hasSize(3);
        for (AnomalyEvent.FeatureContribution c : a.topFeatures) {
            int f = names.indexOf(c.name);
            double value = row.values()[f];
            assertThat(c.value).isCloseTo(value, within(1e-6 * Math.abs(value) + 1e-6));
            double mean = normal.stream().mapToDouble(r -> r.values()[f]).average().orElseThrow();
            double sd =
                    Math.sqrt(
                            normal.stream()
                                    .mapToDouble(r -> Math.pow(r.values()[f] - mean, 2))
                                    .average()
                                    .orElseThrow());
            assertThat(c.expected).as("%s of %s", c.name, a.entity).isCloseTo(mean, within(6 * sd));
        }
    }

    @Test
    void failureMidStreamYieldsEveryAlertExactlyOnce() throws Exception {
        fixture.assertFailureMidStreamChangesNoAlert(
                "baselined-", baselined, fixture.incidents.size() - 1);
    }

    @Test
    void failureMidStreamOfAWindowedModelYieldsEveryAlertExactlyOnce() throws Exception {
        fixture.assertFailureMidStreamChangesNoAlert(
                "windowed-baselined-", windowed, fixture.incidents.size() - 1);
    }

    private static long counter(JobExecutionResult result, String name) {
        return fixture.counter(result, "residual." + name);
    }
}
