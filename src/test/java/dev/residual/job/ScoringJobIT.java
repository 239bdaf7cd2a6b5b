package dev.residual.job;

import static dev.residual.job.KafkaJobFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet.Injection;
import dev.residual.eval.SyntheticFleet.Kind;
import dev.residual.io.AnomalyEvent;
import dev.residual.testing.TestModels;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring job end to end on a real Kafka broker and a Flink MiniCluster at parallelism 2: every
 * record is scored or dead-lettered, incidents alert, normal machines stay quiet, a failure
 * mid-stream changes nothing a read_committed consumer sees, and with threshold.confirm-records = 3
 * blips of one or two records stay quiet while a sustained incident alerts once, dated from its
 * first record; with threshold.smoothing the smoothed score is judged and the events carry both.
 */
class ScoringJobIT {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();
    private static final int CONFIRM = 3;

    /**
     * A normal machine but for blips far apart: one record, two in a row, two in a row. Like every
     * incident, each alerts in the plain run (confirm-records 1).
     */
    private static final String BLIPS = "machine-01";

    /**
     * Blips, and a spike of ten records on a machine of its own, besides the standard incidents.
     */
    private static final List<Injection> MORE =
            List.of(
                    new Injection(BLIPS, Kind.SPIKE, 4, 120, 1),
                    new Injection(BLIPS, Kind.SPIKE, 5, 220, 2),
                    new Injection(BLIPS, Kind.SPIKE, 4, 320, 2),
                    new Injection("machine-02", Kind.SPIKE, 6, 250, 10));

    @RegisterExtension static final MiniClusterExtension FLINK = KafkaJobFixture.cluster(METRICS);

    @TempDir static Path dir;
    private static KafkaJobFixture fixture;
    private static Path models;

    @BeforeAll
    static void startBrokerTrainAndProduce() throws Exception {
        fixture = KafkaJobFixture.start(dir, METRICS, MORE, UnaryOperator.identity());
        models = TestModels.retrain(fixture.fleet, fixture.entities, 800, dir, "--seed", "3");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        fixture.close();
    }

    @Test
    void everyRecordIsScoredOrDeadLetteredAndIncidentsAlertOnce() throws Exception {
        JobExecutionResult result = fixture.run("plain", models, null);
        METRICS.findMetrics(result.getJobID(), "residual")
                .forEach(
                        (k, v) ->
                                System.out.println(
                                        "METRIC "
                                                + k
                                                + " = "
                                                + (v instanceof Counter c ? c.getCount() : v)));

        assertThat(fixture.counter(result, "residual.scored")).isEqualTo(fixture.validRecords);
        fixture.assertDeadLettersWithReasons("plain");

        List<AnomalyEvent> alerts = fixture.alerts("plain", result);
        alerts.forEach(a -> System.out.println(KafkaJobFixture.describe(a)));
        Set<String> incidentEntities = new HashSet<>();
        for (Injection inj : fixture.incidents) {
            incidentEntities.add(inj.entity());
            if (inj.kind() == Kind.STUCK) {
                // A stuck sensor is invisible to a pointwise model until the others move away
                // from it; windowed models are the ones to catch it. Its entity may still alert.
                continue;
            }
            assertThat(alerts)
                    .as("an alert for %s", inj)
                    .anyMatch(a -> KafkaJobFixture.during(a, inj));
        }
        assertThat(alerts)
                .as("normal machines stay quiet")
                .allMatch(a -> incidentEntities.contains(a.entity));
        assertThat(alerts).allMatch(a -> a.score > a.threshold && !a.topFeatures.isEmpty());
    }

    @Test
    void failureMidStreamYieldsEveryAlertExactlyOnce() throws Exception {
        fixture.assertFailureMidStreamChangesNoAlert(
                "failover", models, fixture.incidents.size() - 1);
    }

    @Test
    void confirmRecordsIgnoresBlipsAndDatesASustainedIncidentFromItsFirstRecord() throws Exception {
        JobExecutionResult result =
                fixture.run(
                        "confirm",
                        models,
                        null,
                        "--threshold.confirm-records",
                        Integer.toString(CONFIRM));
        List<AnomalyEvent> alerts = fixture.alerts("confirm", result);
        alerts.forEach(a -> System.out.println(KafkaJobFixture.describe(a)));

        assertThat(alerts).as("blips of one or two records").noneMatch(a -> a.entity.equals(BLIPS));
        List<Injection> sustained =
                fixture.incidents.stream()
                        .filter(i -> i.kind() == Kind.SPIKE && i.length() >= CONFIRM)
                        .toList();
        assertThat(sustained).hasSize(2); // the standard one of three records, and ten
        sustained.forEach(spike -> assertOneAlertDatedFromTheFirstRecord(alerts, spike));
        assertThat(alerts)
                .as("every alert opens on the third of three records in a row, a second apart")
                .allMatch(a -> a.episodeRecords == CONFIRM)
                .allMatch(a -> a.ts - a.episodeStart == (CONFIRM - 1) * 1000L);

        long anomalies = fixture.counter(result, "residual.anomalies");
        long pending = fixture.counter(result, "residual.pendingRecords");
        long anomalous = fixture.counter(result, "residual.anomalousRecords");
        long blipRecords =
                MORE.stream()
                        .filter(i -> i.entity().equals(BLIPS))
                        .mapToLong(Injection::length)
                        .sum();
        assertThat(anomalies).isEqualTo(alerts.size());
        assertThat(pending)
                .as("two pending records before each alert, and the blips'")
                .isGreaterThanOrEqualTo((CONFIRM - 1) * anomalies + blipRecords);
        assertThat(anomalous).isGreaterThanOrEqualTo(pending + anomalies);
        System.out.printf(
                "METRIC confirm anomalies %d, pendingRecords %d, anomalousRecords %d%n",
                anomalies, pending, anomalous);
    }

    @Test
    void smoothingJudgesEachMachinesSmoothedScoreAndTheEventCarriesBoth() throws Exception {
        JobExecutionResult result =
                fixture.run(
                        "smoothed",
                        models,
                        null,
                        "--threshold.spread",
                        "entity",
                        "--threshold.smoothing",
                        "5s");
        List<AnomalyEvent> alerts = fixture.alerts("smoothed", result);
        alerts.forEach(
                a ->
                        System.out.println(
                                KafkaJobFixture.describe(a) + " smoothed " + a.smoothedScore));

        Set<String> incidentEntities = new HashSet<>();
        fixture.incidents.forEach(i -> incidentEntities.add(i.entity()));
        assertThat(alerts)
                .isNotEmpty()
                .as("normal machines stay quiet")
                .allMatch(a -> incidentEntities.contains(a.entity))
                .as("the smoothed score crossed the threshold, and the severity is of it")
                .allMatch(a -> Double.isFinite(a.smoothedScore) && a.smoothedScore > a.threshold)
                .allMatch(a -> Math.abs(a.severity - a.smoothedScore / a.threshold) < 1e-9);
        assertThat(alerts)
                .as("the record's own score is reported beside the smoothed one")
                .anyMatch(a -> a.score != a.smoothedScore);
        assertThat(alerts)
                .as("blips of one or two records move a 5 s average too little")
                .noneMatch(a -> a.entity.equals(BLIPS));
        for (Injection inj : fixture.incidents) {
            if (inj.kind() == Kind.DRIFT
                    || inj.kind() == Kind.BROKEN_CORRELATION
                    || (inj.kind() == Kind.SPIKE && inj.length() >= 10)) {
                // Lasting incidents: smoothing delays them but must not hide them.
                assertThat(alerts)
                        .as("an alert for %s", inj)
                        .anyMatch(a -> KafkaJobFixture.during(a, inj));
            }
        }
        assertThat(fixture.counter(result, "residual.anomalies")).isEqualTo(alerts.size());
    }

    /**
     * Checks that a spike of at least confirm-records records gave its machine one alert, on its
     * third record, whose episode starts at its first, naming the spiked feature first.
     */
    private static void assertOneAlertDatedFromTheFirstRecord(
            List<AnomalyEvent> alerts, Injection spike) {
        long first = START + spike.start() * 1000L;
        assertThat(alerts)
                .filteredOn(a -> a.entity.equals(spike.entity()))
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.ts).as("on the third record").isEqualTo(first + 2000);
                            assertThat(a.episodeStart).as("from the first").isEqualTo(first);
                            assertThat(a.episodeId).isEqualTo(spike.entity() + "/" + first);
                            assertThat(a.topFeatures.get(0).name)
                                    .isEqualTo(fixture.fleet.featureNames().get(spike.feature()));
                        });
    }
}
