package dev.residual.cli;

import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Injection;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.io.AnomalyEvent;
import dev.residual.io.AnomalyEventCodec;
import dev.residual.io.DeadLetterSerializer;
import dev.residual.job.JobSettings;
import dev.residual.job.ScoringJob;
import dev.residual.train.ModelKind;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code residual demo}: the whole product on one machine. A real Kafka broker in this JVM, an
 * autoencoder of {@code --kind} (dense by default) trained on generated normal history through
 * retrain, the scoring job on a local Flink MiniCluster serving it, a replay with injected
 * incidents and malformed records, each alert printed as it arrives, and a summary. Exits 0 when it
 * ran to the end.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs broker, training, scoring job and a replay with injected anomalies.")
public final class DemoCommand implements Callable<Integer> {
    private static final long INTERVAL = 1000;

    /** Live records of a machine before its incident, if it has one, starts. */
    private static final int INCIDENTS_AFTER = 200;

    /** The fewest machines with an incident: one goes to every third machine. */
    private static final int MIN_ENTITIES = 3;

    static final int DEFAULT_WINDOW = 8;
    static final int DEFAULT_WINDOWED_EPOCHS = 15;

    @Option(
            names = "--entities",
            description =
                    "Machines in the fleet, at least 3: an incident goes to every third (default"
                            + " ${DEFAULT-VALUE}).")
    int entities = 24;

    @Option(
            names = "--records",
            description =
                    "Live records per machine, at least 203: the incidents start after 200 and"
                            + " only those that end within them are injected (default"
                            + " ${DEFAULT-VALUE}).")
    int records = 1500;

    @Option(
            names = "--history",
            description = "Normal training rows per machine (default ${DEFAULT-VALUE}).")
    int history = 1000;

    @Option(names = "--features", description = "Features per record (default ${DEFAULT-VALUE}).")
    int features = 8;

    @Option(
            names = "--seed",
            description = "Seed of all generated data (default ${DEFAULT-VALUE}).")
    long seed = 7;

    @Option(
            names = "--delivery",
            description = "exactly-once or at-least-once (default ${DEFAULT-VALUE}).")
    String delivery = "exactly-once";

    @Option(
            names = "--kind",
            description =
                    "Model kind to train and serve: dense, denoising, vae (one record at a time),"
                            + " conv, lstm, gru (the last --window records of a machine) (default"
                            + " ${DEFAULT-VALUE}).")
    String kind = "dense";

    @Option(
            names = "--window",
            description =
                    "conv, lstm, gru: records per window, at least 2 (default "
                            + DEFAULT_WINDOW
                            + ").")
    Integer window;

    @Option(
            names = "--epochs",
            description =
                    "Most training epochs, early stopping may end sooner (default: "
                            + DEFAULT_WINDOWED_EPOCHS
                            + " for the windowed kinds, which take longer per epoch; retrain's own"
                            + " default for the others).")
    Integer epochs;

    @Option(
            names = "--timeout",
            description =
                    "Longest wait for the job to catch up, seconds (default ${DEFAULT-VALUE}).")
    int timeoutSeconds = 150;

    @Spec private CommandSpec spec;
    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        ModelKind modelKind = checkOptions();
        Path work = Files.createTempDirectory("residual-demo-");
        SyntheticFleet fleet = new SyntheticFleet(features, seed);
        DemoStream data = new DemoStream(fleet, entities);
        long liveStart = (System.currentTimeMillis() / 1000) * 1000 - records * INTERVAL;
        long historyStart = liveStart - history * INTERVAL;
        List<Injection> incidents =
                SyntheticFleet.standardIncidents(data.entities(), INCIDENTS_AFTER);
        // Only incidents that end within the live records are injected, and counted.
        incidents.removeIf(i -> i.start() + i.length() > records);

        step(1, "Starting a Kafka broker in this JVM (KRaft)");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(4, "features");
            kafka.createTopics(2, "anomalies");
            kafka.createTopics(1, "features-dlq");
            out.println(
                    "      bootstrap "
                            + kafka.bootstrapServers()
                            + ", topics features, anomalies, features-dlq");

            step(
                    2,
                    "Training "
                            + describe(modelKind)
                            + " on "
                            + entities * history
                            + " normal rows");
            Path csv = work.resolve("history.csv");
            data.writeHistory(csv, history, historyStart);
            Path models = work.resolve("models");
            long trainingStarted = System.nanoTime();
            int trained = LocalStack.retrain(csv, models, retrainOptions(modelKind));
            out.printf("      trained in %.1f s%n", (System.nanoTime() - trainingStarted) / 1e9);
            if (trained != 0) {
                out.println("demo: training failed (exit " + trained + ")");
                return trained;
            }

            step(3, "Starting the scoring job on a local Flink MiniCluster");
            JobSettings settings = settings(kafka, models, work);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            LocalStack.flinkConfiguration(work));
            JobClient job = ScoringJob.start(env, settings);
            awaitRunning(job);

            List<AnomalyEvent> alerts = new CopyOnWriteArrayList<>();
            try (TopicReader alertReader =
                            new TopicReader(
                                    kafka.bootstrapServers(),
                                    "anomalies",
                                    r -> {
                                        alerts.add(AnomalyEventCodec.decode(r.value()));
                                        out.println(
                                                "  ALERT "
                                                        + new String(
                                                                r.value(), StandardCharsets.UTF_8));
                                    });
                    TopicReader deadLetters =
                            new TopicReader(kafka.bootstrapServers(), "features-dlq", r -> {})) {
                List<String> malformed = DemoStream.malformed(features);
                step(
                        4,
                        "Replaying "
                                + entities * records
                                + " records with "
                                + incidents.size()
                                + " incidents and "
                                + 2 * malformed.size()
                                + " malformed records");
                List<Row> stream = data.stream(records, liveStart, incidents);
                long started = System.nanoTime();
                int sent =
                        LocalStack.replay(
                                kafka.bootstrapServers(),
                                "features",
                                stream,
                                data::toJson,
                                malformed);
                int markers = LocalStack.sendEndMarkers(kafka, "features");
                boolean caughtUp =
                        awaitMarkers(deadLetters, markers, Duration.ofSeconds(timeoutSeconds));
                double seconds = (System.nanoTime() - started) / 1e9;
                alertReader.awaitQuiet(Duration.ofSeconds(3), Duration.ofSeconds(30));
                deadLetters.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));
                job.cancel().get();

                step(5, "Summary");
                summary(
                        incidents,
                        alerts,
                        deadLetters,
                        sent,
                        seconds,
                        caughtUp,
                        liveStart,
                        settings);
                return caughtUp ? 0 : 1;
            }
        } finally {
            LocalStack.deleteQuietly(work);
        }
    }

    /**
     * Checks every option before anything starts, so that a wrong value fails at once, naming its
     * option, rather than after the broker and the training.
     */
    ModelKind checkOptions() {
        ModelKind k;
        try {
            k = ModelKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kind: " + e.getMessage());
        }
        if (window != null && !k.windowed()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--window applies to the windowed kinds (conv, lstm, gru), not " + kind);
        }
        if (window != null && (window < 2 || window > records || window > history)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--window must be at least 2 and at most --records and --history, was "
                            + window);
        }
        requireAtLeast(
                "--entities", entities, MIN_ENTITIES, "an incident goes to every third machine");
        requireAtLeast(
                "--records",
                records,
                minRecords(),
                "the first incident starts after " + INCIDENTS_AFTER + " records");
        requirePositive("--history", history);
        requirePositive("--timeout", timeoutSeconds);
        if (epochs != null) {
            requirePositive("--epochs", epochs);
        }
        if (features < 4) {
            // The incidents are injected on the first four features.
            throw new ParameterException(
                    spec.commandLine(), "--features must be at least 4, was " + features);
        }
        if (!List.of("exactly-once", "at-least-once").contains(delivery)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--delivery must be exactly-once or at-least-once, was '" + delivery + "'");
        }
        return k;
    }

    private void requirePositive(String option, int value) {
        requireAtLeast(option, value, 1, null);
    }

    private void requireAtLeast(String option, int value, int least, String why) {
        if (value < least) {
            throw new ParameterException(
                    spec.commandLine(),
                    option
                            + " must be at least "
                            + least
                            + (why == null ? "" : " (" + why + ")")
                            + ", was "
                            + value);
        }
    }

    /** Live records a machine needs to carry the whole of the first incident. */
    private static int minRecords() {
        Injection first =
                SyntheticFleet.standardIncidents(
                                SyntheticFleet.entities(MIN_ENTITIES), INCIDENTS_AFTER)
                        .get(0);
        return first.start() + first.length();
    }

    /** The retrain options of the kind: the demo's window and epochs for a windowed one. */
    String[] retrainOptions(ModelKind k) {
        List<String> args =
                new ArrayList<>(List.of("--seed", Long.toString(seed), "--kind", k.label()));
        if (k.windowed()) {
            args.addAll(
                    List.of(
                            "--window",
                            Integer.toString(window == null ? DEFAULT_WINDOW : window)));
        }
        Integer most = epochs != null ? epochs : k.windowed() ? DEFAULT_WINDOWED_EPOCHS : null;
        if (most != null) {
            args.addAll(List.of("--epochs", Integer.toString(most)));
        }
        return args.toArray(String[]::new);
    }

    private String describe(ModelKind k) {
        return k.windowed()
                ? "a "
                        + k.label()
                        + " autoencoder over windows of "
                        + (window == null ? DEFAULT_WINDOW : window)
                        + " records"
                : "a " + k.label() + " autoencoder";
    }

    private JobSettings settings(EmbeddedKafka kafka, Path models, Path work) {
        return LocalStack.jobSettings(
                work,
                models,
                kafka.bootstrapServers(),
                "--delivery.guarantee",
                delivery,
                "--kafka.starting-offsets",
                "earliest",
                "--threshold.cooldown",
                "60 s",
                "--job.name",
                "residual-demo");
    }

    private void summary(
            List<Injection> incidents,
            List<AnomalyEvent> alerts,
            TopicReader deadLetters,
            int sent,
            double seconds,
            boolean caughtUp,
            long liveStart,
            JobSettings settings) {
        IncidentScore score =
                IncidentScore.of(
                        incidents,
                        alerts,
                        liveStart,
                        INTERVAL,
                        settings.threshold.cooldownMillis());
        out.printf("      incidents injected %d, caught %d%n", score.injected(), score.caught());
        score.byKind()
                .forEach((kind, c) -> out.printf("        %-20s %d of %d%n", kind, c[1], c[0]));
        out.printf("      alerts %d, false alerts %d%n", alerts.size(), score.falseAlerts());
        Map<String, Integer> reasons = new TreeMap<>();
        int count = 0;
        for (var r : deadLetters.records()) {
            if (LocalStack.END_MARKER.equals(new String(r.value(), StandardCharsets.UTF_8))) {
                continue;
            }
            count++;
            Header h = r.headers().lastHeader(DeadLetterSerializer.REASON);
            reasons.merge(
                    h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8),
                    1,
                    Integer::sum);
        }
        out.printf("      dead letters %d %s%n", count, reasons);
        out.printf(
                "      %d records scored or dead-lettered %.1f s after the replay began: %.0f records/s"
                        + " end to end, broker and job on this machine, %s%n",
                sent, seconds, sent / seconds, delivery);
        out.println(
                "      a stuck sensor keeps reading plausible values: a pointwise model sees it only"
                        + " once the other sensors move away (windowed models see it sooner)");
        if (!caughtUp) {
            out.println("      the job did not catch up within --timeout: results are partial");
        }
    }

    /** Waits until the job has dead-lettered every end marker: it has read all before them. */
    private static boolean awaitMarkers(TopicReader deadLetters, int markers, Duration max)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (endMarkers(deadLetters) >= markers) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static long endMarkers(TopicReader deadLetters) {
        return deadLetters.records().stream()
                .filter(
                        r ->
                                LocalStack.END_MARKER.equals(
                                        new String(r.value(), StandardCharsets.UTF_8)))
                .count();
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline
                    || job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException(
                        "the scoring job did not start: " + job.getJobStatus().get());
            }
            Thread.sleep(100);
        }
    }

    private void step(int n, String what) {
        out.printf("[%d/5] %s%n", n, what);
    }
}
