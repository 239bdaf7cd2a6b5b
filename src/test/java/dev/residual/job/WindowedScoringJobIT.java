package dev.residual.job;

import static dev.residual.job.KafkaJobFixture.ENTITIES;
import static dev.residual.job.KafkaJobFixture.MALFORMED;
import static dev.residual.job.KafkaJobFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Injection;
import dev.residual.io.AnomalyEvent;
import dev.residual.testing.WindowedTestModels;
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
 * The scoring job with a windowed bundle (W = 8) end to end, on a real broker and a MiniCluster at
 * parallelism 2: each entity's first W − 1 records are warm-up and never alert, every other record
 * is scored with its window, the stuck sensor a pointwise model misses is caught, dead letters are
 * as for pointwise bundles, and a failure mid-stream changes no alert.
 */
class WindowedScoringJobIT {
    private static final int W = 8;
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final MiniClusterExtension FLINK = KafkaJobFixture.cluster(METRICS);

    @TempDir static Path dir;
    private static KafkaJobFixture fixture;
    private static Path models;

    @BeforeAll
    static void startBrokerTrainAndProduce() throws Exception {
        fixture = KafkaJobFixture.start(dir, METRICS);
        models =
                WindowedTestModels.write(
                        fixture.fleet, fixture.entities, 800, W, dir.resolve("models"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        fixture.close();
    }

    private static long counter(JobExecutionResult result, String name) {
        return fixture.counter(result, "residual." + name);
    }

    @Test
    void catchesTheStuckSensorAndNeverAlertsOnWarmUp() throws Exception {
        JobExecutionResult result = fixture.run("windowed-plain", models, null);

        long warmUp = ENTITIES * (W - 1L);
        assertThat(counter(result, "windowWarmup")).isEqualTo(warmUp);
        assertThat(counter(result, "unscored")).isEqualTo(warmUp);
        assertThat(counter(result, "scored")).isEqualTo(fixture.validRecords - warmUp);
        assertThat(counter(result, "windowRestarts")).isZero();
        assertThat(counter(result, "windowOutOfOrder")).isZero();
        assertThat(fixture.deadLetters("windowed-plain")).hasSize(2 * MALFORMED.size());

        List<AnomalyEvent> alerts = fixture.alerts("windowed-plain", result);
        alerts.forEach(a -> System.out.println(KafkaJobFixture.describe(a)));
        Set<String> incidentEntities = new HashSet<>();
        for (Injection inj : fixture.incidents) {
            incidentEntities.add(inj.entity());
            assertThat(alerts)
                    .as("an alert for %s", inj)
                    .anyMatch(a -> KafkaJobFixture.during(a, inj));
        }
        assertThat(fixture.incidents).anyMatch(i -> i.kind() == SyntheticFleet.Kind.STUCK);
        assertThat(alerts)
                .as("normal machines stay quiet")
                .allMatch(a -> incidentEntities.contains(a.entity));
        assertThat(alerts)
                .as("no alert on a warm-up record")
                .allMatch(a -> a.ts >= START + (W - 1) * 1000L);
        assertThat(alerts).allMatch(a -> a.score > a.threshold && a.topFeatures.size() == 3);
    }

    @Test
    void failureMidStreamYieldsEveryAlertExactlyOnce() throws Exception {
        fixture.assertFailureMidStreamChangesNoAlert("windowed-", models, fixture.incidents.size());
    }
}
