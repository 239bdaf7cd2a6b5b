package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.cli.EmbeddedKafka;
import dev.residual.cli.LocalStack;
import dev.residual.cli.TopicReader;
import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.io.AnomalyEventCodec;
import dev.residual.testing.TestModels;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar, run in a JVM of its own with nothing but Flink's classes beside it, as on a
 * cluster: it must carry everything else it needs (connector, Kafka client, ONNX Runtime, Jackson)
 * and fail at start, naming the option, when its options are wrong.
 */
class JobJarIT {
    @TempDir Path dir;

    private Process start(String... args) throws Exception {
        String jar = System.getProperty("residual.jobJar");
        String provided =
                Files.readString(Path.of(System.getProperty("residual.providedClasspath"))).trim();
        // Flink's lib/ has its logging jars; the test JVM's classpath has the same ones.
        List<String> logging =
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(p -> p.contains("log4j") || p.contains("slf4j-api"))
                        .toList();
        // ONNX Runtime extracts its libraries from the job jar, as on a cluster, into a directory
        // it leaves behind: in the test's own, which JUnit deletes.
        List<String> command =
                new ArrayList<>(List.of("java", "-Xmx1g", "-Djava.io.tmpdir=" + dir));
        command.addAll(Arrays.asList(System.getProperty("residual.jvmOpens").trim().split("\\s+")));
        command.addAll(
                List.of(
                        "-cp",
                        jar
                                + File.pathSeparator
                                + provided
                                + File.pathSeparator
                                + String.join(File.pathSeparator, logging),
                        ScoringJob.class.getName()));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("job.log").toFile())
                .start();
    }

    private String finish(Process process) throws Exception {
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the job ends").isTrue();
        return Files.readString(dir.resolve("job.log"));
    }

    @Test
    void wrongOptionFailsAtStartNamingIt() throws Exception {
        Process p =
                start(
                        "--bundle",
                        dir.toString(),
                        "--kafka.bootstrap-servers",
                        "localhost:1",
                        "--score.batch-size",
                        "0");
        String log = finish(p);
        assertThat(p.exitValue()).isNotZero();
        assertThat(log).contains("residual: ").contains("score.batch-size");
        assertThat(log).doesNotContain("NoClassDefFoundError");
    }

    @Test
    void jobJarScoresAReplayOnFlinksClassesAlone() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, "features", "anomalies", "features-dlq");
            SyntheticFleet fleet = new SyntheticFleet(8, 21);
            Path models = TestModels.retrain(fleet, SyntheticFleet.entities(4), 1000, dir);
            List<Row> rows = new ArrayList<>();
            var spike =
                    new SyntheticFleet.Injection(
                            "machine-01", SyntheticFleet.Kind.SPIKE, 0, 150, 3);
            for (String e : SyntheticFleet.entities(4)) {
                rows.addAll(fleet.generate(e, 300, 1_767_225_600_000L, 1000, List.of(spike)));
            }
            LocalStack.replay(
                    kafka.bootstrapServers(),
                    "features",
                    rows,
                    r -> fleet.toJson(r, false),
                    List.of("oops"));

            Process p =
                    start(
                            "--bundle", models.toString(),
                            "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                            "--kafka.bounded", "true",
                            "--kafka.starting-offsets", "earliest",
                            "--delivery.guarantee", "at-least-once");
            String log = finish(p);
            assertThat(p.exitValue()).as(log).isZero();

            try (TopicReader alerts =
                            new TopicReader(kafka.bootstrapServers(), "anomalies", r -> {});
                    TopicReader dlq =
                            new TopicReader(kafka.bootstrapServers(), "features-dlq", r -> {})) {
                alerts.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30));
                dlq.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30));
                assertThat(alerts.records())
                        .extracting(r -> AnomalyEventCodec.decode(r.value()).entity)
                        .contains("machine-01");
                assertThat(dlq.records())
                        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                        .containsExactly("oops", "oops");
            }
        }
    }

    @Test
    void exactlyOnceWithoutCheckpointingFailsAtStart() throws Exception {
        Process p = start("--bundle", dir.toString(), "--kafka.bootstrap-servers", "localhost:1");
        String log = finish(p);
        assertThat(p.exitValue()).isNotZero();
        assertThat(log)
                .contains("residual: delivery.guarantee exactly-once needs checkpointing")
                .contains("execution.checkpointing.interval");
    }
}
