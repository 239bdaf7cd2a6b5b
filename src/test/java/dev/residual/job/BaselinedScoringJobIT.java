package dev.residual.job;

import static dev.residual.job.KafkaJobFixture.ENTITIES;
import static dev.residual.job.KafkaJobFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Injection;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.io.AnomalyEvent;
import dev.residual.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring job with a bundle trained behind per-entity baselines, end to end on a real broker
 * and a MiniCluster at parallelism 2, over a fleet in which one normal machine runs at another
 * level and scale than every machine of the training history: the raw model alerts on it, the
 * baselined one does not, and still catches the incidents; alerts speak feature units; the
 * baseline's warm-up is never scored; a failure mid-stream changes no alert.
 */
class BaselinedScoringJobIT {
    private static final int WARMUP = 60;
    private static final String SHIFTED = "machine-05";
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final MiniClusterExtension FLINK = KafkaJobFixture.cluster(METRICS);

    @TempDir static Path dir;
    private static KafkaJobFixture fixture;
    private static Path raw;
    private static Path baselined;

    @BeforeAll
    static void startBrokerTrainAndProduce() throws Exception {
        fixture = KafkaJobFixture.start(dir, METRICS, BaselinedScoringJobIT::shift);
        assertThat(fixture.incidents).noneMatch(i -> i.entity().equals(SHIFTED));
        raw = train("raw");
        baselined =
                train(
                        "baselined",
                        "--entity-baseline",
                        "--baseline-warmup",
                        Integer.toString(WARMUP),
                        "--baseline-half-life",
                        "1h");
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

    /** A dense bundle trained on the fleet's normal history, without the shift. */
    private static Path train(String name, String... more) throws Exception {
        String[] args = new String[more.length + 2];
        args[0] = "--seed";
        args[1] = "3";
        System.arraycopy(more, 0, args, 2, more.length);
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
        assertThat(fixture.alerts("raw", result)).anyMatch(a -> a.entity.equals(SHIFTED));
    }

    @Test
    void theBaselinedModelCatchesIncidentsAndLeavesTheShiftedMachineQuiet() throws Exception {
        JobExecutionResult result = fixture.run("baselined", baselined, null);

        long warmUp = ENTITIES * (long) WARMUP;
        assertThat(counter(result, "baselineWarmup")).isEqualTo(warmUp);
        assertThat(counter(result, "unscored")).isEqualTo(warmUp);
        assertThat(counter(result, "scored")).isEqualTo(fixture.validRecords - warmUp);

        List<AnomalyEvent> alerts = fixture.alerts("baselined", result);
        alerts.forEach(a -> System.out.println(KafkaJobFixture.describe(a)));
        Set<String> incidentEntities = new HashSet<>();
        for (Injection inj : fixture.incidents) {
            incidentEntities.add(inj.entity());
            if (inj.kind() == SyntheticFleet.Kind.STUCK) {
                continue; // invisible to a pointwise model, as in ScoringJobIT
            }
            assertThat(alerts)
                    .as("an alert for %s", inj)
                    .anyMatch(a -> KafkaJobFixture.during(a, inj));
        }
        assertThat(alerts)
                .as("normal machines, the shifted one too, stay quiet")
                .allMatch(a -> incidentEntities.contains(a.entity));
        assertThat(alerts)
                .as("no alert on a baseline's warm-up record")
                .allMatch(a -> a.ts >= START + WARMUP * 1000L);
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

    private static long counter(JobExecutionResult result, String name) {
        return fixture.counter(result, "residual." + name);
    }
}
