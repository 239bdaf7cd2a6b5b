package dev.residual.cli;

import dev.residual.cli.BenchPipelines.Pipeline;
import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.job.JobArguments;
import dev.residual.job.JobSettings;
import dev.residual.job.ScoringJob;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.train.ModelKind;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code residual bench}: throughput, latency and state of the job on one machine. Generated
 * records go into an embedded broker once; a dense bundle is trained on generated history; then
 * bounded jobs read the same records on a local MiniCluster, round-robin so that JIT and GC drift
 * hit all alike: (a) source, decode and keyBy only, (b) the scoring workflow with discarding sinks,
 * (b') the job with Kafka sinks, (c) b with {@code --windowed-bundle}, or one {@code
 * --windowed-kind} trains on the same history, when given, and (d) RandomCutForest in the scorer's
 * place on a prefix of the records, after a warm-up run of each. Each also runs on a small input,
 * to subtract start-up; see {@link BenchTable}. Checkpoints are off: at-least-once needs none. Then
 * the job runs unbounded at a share of b')'s rate while {@link BenchLatency} measures
 * produce-to-event latency, and {@link BenchState} holds many entities in each state backend.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Measures the job's throughput against a passthrough pipeline and"
                        + " RandomCutForest, its produce-to-event latency at a share of its"
                        + " capacity, and its state per entity.")
public final class BenchCommand implements Callable<Integer> {
    private static final String LARGE_TOPIC = "bench-large";
    private static final String SMALL_TOPIC = "bench-small";
    private static final String RCF_TOPIC = "bench-rcf";
    private static final Duration LATENCY_WARMUP = Duration.ofSeconds(5);
    static final int WINDOWED_EPOCHS = 15;
    private static final int HISTORY_ROWS = 200;

    @Option(names = "--records", description = "Records timed, N (default ${DEFAULT-VALUE}).")
    int records = 200_000;

    @Option(
            names = "--small",
            description =
                    "Records of the input that measures start-up, n (default ${DEFAULT-VALUE}).")
    int small = 2_000;

    @Option(names = "--entities", description = "Keys of the input (default ${DEFAULT-VALUE}).")
    int entities = 10_000;

    @Option(
            names = "--features",
            description =
                    "Features of every record, as wide as the model (default ${DEFAULT-VALUE}).")
    int features = 38;

    @Option(
            names = "--runs",
            description = "Runs per pipeline and size (default ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(
            names = "--partitions",
            description = "Partitions of the input topics (default ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(
            names = "--seed",
            description =
                    "Seed of the records, the history and training (default ${DEFAULT-VALUE}).")
    long seed = 7;

    @Option(
            names = "--rcf-records",
            description =
                    "Records of the input that d) RandomCutForest reads, the first of the N: the"
                            + " forest is slow; 0 leaves d) out (default ${DEFAULT-VALUE}).")
    int rcfRecords = 50_000;

    @Option(
            names = "--windowed-bundle",
            paramLabel = "DIR",
            description =
                    "A windowed bundle (a version or a directory with CURRENT) of --features"
                            + " features: adds c), the workflow with it. Without it or"
                            + " --windowed-kind, no row c).")
    Path windowedBundle;

    @Option(
            names = "--windowed-kind",
            paramLabel = "KIND",
            description =
                    "conv, lstm or gru: trains a windowed bundle of this kind on the bench's own"
                            + " history (the dense bundle's rows, --window rows per window, at"
                            + " most "
                            + WINDOWED_EPOCHS
                            + " epochs) and adds c) with it; instead of --windowed-bundle.")
    String windowedKind;

    @Option(
            names = "--window",
            description =
                    "Rows per window of the bundle --windowed-kind trains (default"
                            + " ${DEFAULT-VALUE}).")
    int window = 8;

    @Option(
            names = "--latency-seconds",
            description =
                    "Seconds of each latency run after its warm-up; 0 leaves latency out"
                            + " (default ${DEFAULT-VALUE}).")
    int latencySeconds = 20;

    @Option(
            names = "--latency-load",
            description =
                    "Rate of the latency runs as a share of b') records/s (default"
                            + " ${DEFAULT-VALUE}).")
    double latencyLoad = 0.5;

    @Option(
            names = "--anomaly-every",
            description =
                    "One record in this many of the latency runs is anomalous (default"
                            + " ${DEFAULT-VALUE}).")
    int anomalyEvery = 100;

    @Option(
            names = "--checkpoint-interval-ms",
            description =
                    "Checkpoint interval of the latency runs, both modes; exactly-once events"
                            + " are visible only after the checkpoint after them (default"
                            + " ${DEFAULT-VALUE}).")
    long checkpointIntervalMs = 1000;

    @Option(
            names = "--buffer-timeout-ms",
            description =
                    "Network buffer timeout of the second and third latency runs; the first"
                            + " runs with the job's own (default ${DEFAULT-VALUE}).")
    long bufferTimeoutMs = 5;

    @Option(
            names = "--state-entities",
            description =
                    "Entities the state runs hold, with each backend; 0 leaves them out"
                            + " (default ${DEFAULT-VALUE}).")
    int stateEntities = 1_000_000;

    @Option(
            names = "--latency-rate",
            description =
                    "Records/s of the latency runs instead of --latency-load of b'); needed"
                            + " when --parts leaves out throughput.")
    Double latencyRate;

    @Option(
            names = "--parts",
            split = ",",
            description = "What to measure, of throughput, latency, state (default: all three).")
    List<Part> parts = List.of(Part.values());

    /** The parts of the bench. */
    enum Part {
        throughput,
        latency,
        state
    }

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
    private final PrintStream out = System.out;
    private EmbeddedKafka kafka;
    private Path work;
    private Path models;

    @Override
    public Integer call() throws Exception {
        if (records <= small || small < 1 || runs < 1 || entities < 1 || features < 2) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "need --records > --small >= 1, --runs >= 1, --entities >= 1 and"
                            + " --features >= 2");
        }
        if (rcfRecords != 0 && (rcfRecords <= small || rcfRecords > records)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "need --small < --rcf-records <= --records, or 0");
        }
        if (latencySeconds < 0
                || !(latencyLoad > 0)
                || anomalyEvery < 2
                || checkpointIntervalMs < 10
                || bufferTimeoutMs < 0
                || stateEntities < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "need --latency-seconds >= 0, --latency-load > 0, --anomaly-every >= 2,"
                            + " --checkpoint-interval-ms >= 10, --buffer-timeout-ms >= 0 and --state-entities >= 0");
        }
        if (!parts.contains(Part.throughput)
                && parts.contains(Part.latency)
                && latencyRate == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--parts without throughput measures no capacity: give --latency-rate");
        }
        if (latencyRate != null && !(latencyRate > 0)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--latency-rate must be > 0, was " + latencyRate);
        }
        checkWindowedKind();
        ModelBundle windowed = windowedBundle == null ? null : checkWindowed();
        work = Files.createTempDirectory("residual-bench-");
        SyntheticFleet fleet = new SyntheticFleet(features, seed);
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            kafka = broker;
            kafka.createTopics(partitions, LARGE_TOPIC, SMALL_TOPIC, RCF_TOPIC);
            List<Row> input = produce(fleet);
            models = train(fleet);
            if (windowedKind != null) {
                windowedBundle = trainWindowed();
                windowed = checkWindowed();
            }
            ModelBundle bundle = ModelBundle.load(models);
            Double rate = latencyRate;
            if (parts.contains(Part.throughput)) {
                BenchTable table = throughput(bundle, windowed);
                if (rate == null) {
                    rate = latencyLoad * table.rate(Pipeline.JOB);
                }
            }
            if (parts.contains(Part.latency) && latencySeconds > 0) {
                latency(fleet, input, rate);
            }
            if (parts.contains(Part.state) && stateEntities > 0) {
                state(bundle);
            }
            return 0;
        } finally {
            LocalStack.deleteQuietly(work);
        }
    }

    /** Times each pipeline: a warm-up run, then {@code --runs} rounds on N and on n records. */
    private BenchTable throughput(ModelBundle bundle, ModelBundle windowed) throws Exception {
        Map<Pipeline, Long> sizes = new EnumMap<>(Pipeline.class);
        sizes.put(Pipeline.PASSTHROUGH, (long) records);
        sizes.put(Pipeline.WORKFLOW, (long) records);
        sizes.put(Pipeline.JOB, (long) records);
        if (windowed != null) {
            sizes.put(Pipeline.WINDOWED, (long) records);
        }
        if (rcfRecords > 0) {
            sizes.put(Pipeline.RCF, (long) rcfRecords);
        }
        out.println("[4/6] Throughput: a warm-up run of each pipeline, then " + runs + " rounds");
        // On the full input: a few thousand records leave the JIT cold and the first round
        // ran twice as long as the last. The forest warms up on n: its own arithmetic, not the
        // JIT, sets its pace, and N of it would take minutes.
        for (Pipeline p : sizes.keySet()) {
            boolean rcf = p == Pipeline.RCF;
            run(
                    p,
                    pick(p, bundle, windowed),
                    rcf ? SMALL_TOPIC : topic(p),
                    rcf ? small : sizes.get(p),
                    "warmup");
        }
        BenchTable table = new BenchTable(sizes, small);
        for (int round = 1; round <= runs; round++) {
            for (Pipeline p : sizes.keySet()) {
                ModelBundle b = pick(p, bundle, windowed);
                table.add(p, sizes.get(p), run(p, b, topic(p), sizes.get(p), "r" + round));
                table.add(p, small, run(p, b, SMALL_TOPIC, small, "r" + round));
            }
        }
        table.print(out);
        return table;
    }

    /**
     * Loads {@code --windowed-bundle} and defines the workflow with it once, before anything runs,
     * so that a bundle the workflow cannot serve fails at start, with the option's name.
     */
    private ModelBundle checkWindowed() {
        ModelBundle b;
        try {
            b = ModelBundle.load(windowedBundle);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--windowed-bundle " + windowedBundle + ": " + e.getMessage());
        }
        if (b.manifest().window < 2 || b.manifest().features.size() != features) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--windowed-bundle "
                            + windowedBundle
                            + ": need a windowed bundle (window >= 2) of --features "
                            + features
                            + " features; it has window "
                            + b.manifest().window
                            + " and "
                            + b.manifest().features.size()
                            + " features");
        }
        try {
            JobSettings s =
                    JobSettings.from(
                            new Configuration(),
                            JobArguments.parse(
                                    "--bundle",
                                    windowedBundle.toString(),
                                    "--kafka.bootstrap-servers",
                                    "localhost:9"));
            BenchPipelines.define(
                    Pipeline.WINDOWED,
                    StreamExecutionEnvironment.getExecutionEnvironment(new Configuration()),
                    s,
                    b);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--windowed-bundle " + windowedBundle + ": " + e.getMessage());
        }
        return b;
    }

    /** Refuses at start a --windowed-kind that is not windowed, or one given with a bundle. */
    private void checkWindowedKind() {
        if (windowedKind == null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--window")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--window applies to --windowed-kind only");
            }
            return;
        }
        if (windowedBundle != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give --windowed-kind or --windowed-bundle, not both");
        }
        ModelKind k;
        try {
            k = ModelKind.parse(windowedKind);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--windowed-kind: " + e.getMessage());
        }
        if (!k.windowed()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--windowed-kind must be conv, lstm or gru, was " + windowedKind);
        }
        if (window < 2 || window > HISTORY_ROWS) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--window must be between 2 and " + HISTORY_ROWS + ", was " + window);
        }
    }

    /** Trains the --windowed-kind bundle on the history the dense one was trained on. */
    private Path trainWindowed() {
        out.printf(
                "      training a %s bundle over windows of %d rows on the same history%n",
                windowedKind, window);
        Path dir = work.resolve("windowed");
        int code =
                LocalStack.retrain(
                        work.resolve("history.csv"),
                        dir,
                        "--seed",
                        Long.toString(seed),
                        "--kind",
                        windowedKind,
                        "--window",
                        Integer.toString(window),
                        "--epochs",
                        Integer.toString(WINDOWED_EPOCHS));
        if (code != 0) {
            throw new IllegalStateException(
                    "training the windowed bundle failed (exit " + code + ")");
        }
        out.println("      windowed bundle " + dir);
        return dir;
    }

    private static ModelBundle pick(Pipeline p, ModelBundle dense, ModelBundle windowed) {
        return p == Pipeline.WINDOWED ? windowed : dense;
    }

    private static String topic(Pipeline p) {
        return p == Pipeline.RCF ? RCF_TOPIC : LARGE_TOPIC;
    }

    /**
     * Produce-to-event latency of the job with Kafka sinks at {@code rate} records/s, in
     * at-least-once and exactly-once mode, each on its own topics.
     */
    private void latency(SyntheticFleet fleet, List<Row> input, double rate) throws Exception {
        out.printf(
                "[5/6] Latency: the job at %.0f records/s (%.2f of b') records/s), one record in %d"
                        + " anomalous, %d s after %d s of warm-up; checkpoints every %d ms%n",
                rate,
                latencyLoad,
                anomalyEvery,
                latencySeconds,
                LATENCY_WARMUP.toSeconds(),
                checkpointIntervalMs);
        BenchLatency bench =
                new BenchLatency(fleet, input.subList(0, Math.min(input.size(), 50_000)));
        List<String> lines = new ArrayList<>();
        Duration own = LocalStack.flinkConfiguration(work).get(ExecutionOptions.BUFFER_TIMEOUT);
        Duration low = Duration.ofMillis(bufferTimeoutMs);
        List<Map.Entry<String, Duration>> modes =
                List.of(
                        Map.entry("at-least-once", own),
                        Map.entry("at-least-once", low),
                        Map.entry("exactly-once", low));
        for (Map.Entry<String, Duration> run : modes) {
            String mode = run.getKey();
            Duration buffer = run.getValue();
            String id = "bench-latency-" + mode + "-" + buffer.toMillis();
            String in = id + "-in";
            kafka.createTopics(partitions, in);
            JobSettings settings = settings(in, id, models, mode, false);
            kafka.createTopics(2, settings.outputTopic, settings.deadLetterTopic);
            Configuration conf = LocalStack.flinkConfiguration(work);
            conf.set(
                    CheckpointingOptions.CHECKPOINTING_INTERVAL,
                    Duration.ofMillis(checkpointIntervalMs));
            conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ZERO);
            conf.set(ExecutionOptions.BUFFER_TIMEOUT, buffer);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            JobClient job = ScoringJob.start(env, settings);
            BenchLatency.Result r;
            try {
                r =
                        bench.run(
                                kafka.bootstrapServers(),
                                in,
                                settings.outputTopic,
                                rate,
                                anomalyEvery,
                                LATENCY_WARMUP,
                                Duration.ofSeconds(latencySeconds),
                                Duration.ofMillis(10 * checkpointIntervalMs + 10_000));
            } finally {
                job.cancel().get();
            }
            String line =
                    String.format(
                            "%-14s %6d ms %6d ms %8.0f %8.0f %8.0f %9d %9d %8d",
                            mode,
                            checkpointIntervalMs,
                            buffer.toMillis(),
                            r.p50(),
                            r.p99(),
                            r.max(),
                            r.anomalies(),
                            r.events() + r.eventsBeforeWarmup(),
                            Math.round(r.sent() / r.seconds()));
            out.println("      " + line);
            lines.add(line);
        }
        out.printf(
                "%n%-14s %9s %8s %8s %8s %9s %9s %8s%n",
                "mode", "interval", "p50 ms", "p99 ms", "max ms", "anomalies", "events", "sent/s");
        lines.forEach(out::println);
        out.println(
                "latency = the consumer's receive time of an anomaly event (read_committed) -"
                        + " the wall clock written as the anomalous record's ts just before it was"
                        + " sent; records sent in the warm-up are left out of p50/p99/max. interval:"
                        + " the checkpoint interval; buffer: Flink's network buffer timeout"
                        + " (execution.buffer-timeout.interval), the first row with the job's own");
    }

    /** Bytes per entity of the threshold state, and the job holding many entities per backend. */
    private void state(ModelBundle bundle) throws Exception {
        out.printf(
                "[6/6] State: the threshold step holding %d entities, per backend%n",
                stateEntities);
        JobSettings s = settings(LARGE_TOPIC, "bench-state", models, "at-least-once", true);
        Manifest m = bundle.manifest();
        List<BenchState.Result> results = new ArrayList<>();
        for (String backend : List.of("hashmap", "rocksdb")) {
            BenchState.Result r =
                    BenchState.run(
                            LocalStack.flinkConfiguration(work),
                            work,
                            backend,
                            stateEntities,
                            s.threshold,
                            s.globalThreshold(m),
                            s.logSpread(m),
                            m.modelId,
                            m.features);
            out.printf("      %s done in %.2f s%n", backend, r.seconds());
            results.add(r);
        }
        String key = String.format("machine-%07d", 42);
        out.printf(
                "%nthreshold state: %d bytes serialized (Flink's POJO serializer for"
                        + " ThresholdState), key '%s' %d bytes; window assembler, a full window"
                        + " of W=%d x F=%d: %d bytes%n",
                BenchState.thresholdStateBytes(),
                key,
                BenchState.keyBytes(key),
                window,
                m.features.size(),
                BenchState.windowStateBytes(window, m.features.size()));
        out.printf(
                "%-8s %9s %9s %10s %12s %14s %14s %14s%n",
                "backend",
                "entities",
                "records",
                "records/s",
                "heap MB",
                "heap B/entity",
                "savepoint MB",
                "savepoint B/e");
        for (BenchState.Result r : results) {
            out.printf(
                    "%-8s %9d %9d %10.0f %12.1f %14.0f %14.1f %14.0f%n",
                    r.backend(),
                    r.entities(),
                    r.records(),
                    r.records() / r.seconds(),
                    r.heapBytes() / 1e6,
                    (double) r.heapBytes() / r.entities(),
                    r.savepointBytes() / 1e6,
                    (double) r.savepointBytes() / r.entities());
            if (r.localDiskBytes() > 0) {
                out.printf("         RocksDB's local files: %.1f MB%n", r.localDiskBytes() / 1e6);
            }
        }
        out.println(
                "heap = used heap after GC with the entities held, minus the lower of before the"
                        + " job and once it is gone;"
                        + " savepoint: canonical format,"
                        + " all files; records: one per entity");
    }

    /** Writes the inputs: N records over all entities, and the first n of them on their own. */
    private List<Row> produce(SyntheticFleet fleet) {
        out.printf(
                "[1/6] Producing %d records of %d entities, %d features (and %d to time"
                        + " start-up)%n",
                records, entities, features, small);
        int perEntity = (records + entities - 1) / entities;
        long start = (System.currentTimeMillis() / 1000 - perEntity) * 1000;
        List<Row> rows = new ArrayList<>(perEntity * entities);
        for (String entity : SyntheticFleet.entities(entities)) {
            rows.addAll(fleet.generate(entity, perEntity, start, 1000, List.of()));
        }
        rows.sort(Comparator.comparingLong(Row::ts).thenComparing(Row::entity));
        List<Row> input = rows.subList(0, records);
        long began = System.nanoTime();
        String bootstrap = kafka.bootstrapServers();
        LocalStack.replay(bootstrap, LARGE_TOPIC, input, r -> fleet.toJson(r, true), List.of());
        LocalStack.replay(
                bootstrap,
                SMALL_TOPIC,
                input.subList(0, small),
                r -> fleet.toJson(r, true),
                List.of());
        if (rcfRecords > 0) {
            LocalStack.replay(
                    bootstrap,
                    RCF_TOPIC,
                    input.subList(0, rcfRecords),
                    r -> fleet.toJson(r, true),
                    List.of());
        }
        out.printf("      done in %.1f s%n", (System.nanoTime() - began) / 1e9);
        return input;
    }

    /** Trains one dense bundle on normal history of up to 50 entities, 200 rows each. */
    private Path train(SyntheticFleet fleet) throws Exception {
        List<String> some = SyntheticFleet.entities(Math.min(entities, 50));
        out.printf("[2/6] Training a dense bundle on %d rows%n", some.size() * HISTORY_ROWS);
        Path csv = work.resolve("history.csv");
        fleet.writeHistoryCsv(csv, some, HISTORY_ROWS, 1_600_000_000_000L, 1000);
        Path dir = work.resolve("models");
        int code = LocalStack.retrain(csv, dir, "--seed", Long.toString(seed));
        if (code != 0) {
            throw new IllegalStateException("training failed (exit " + code + ")");
        }
        out.println("[3/6] Bundle " + dir);
        return dir;
    }

    /** Runs one bounded job to its end and returns its wall time in seconds. */
    private double run(Pipeline p, ModelBundle bundle, String topic, long expected, String round)
            throws Exception {
        String id = "bench-" + p.name().toLowerCase(Locale.ROOT) + "-" + round + "-" + topic;
        Path dir = p == Pipeline.WINDOWED ? windowedBundle : models;
        JobSettings settings = settings(topic, id, dir, "at-least-once", true);
        if (p == Pipeline.JOB) {
            kafka.createTopics(2, settings.outputTopic, settings.deadLetterTopic);
        }
        Configuration conf = LocalStack.flinkConfiguration(work);
        // At-least-once needs no checkpoints, and a bounded job would wait up to an interval at
        // its end for a final one: the figures would measure the interval.
        conf.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        BenchPipelines.define(p, env, settings, bundle);
        long began = System.nanoTime();
        JobExecutionResult result = env.execute(id);
        double seconds = (System.nanoTime() - began) / 1e9;
        long decoded = BenchPipelines.decodedRecords(result);
        if (decoded != expected) {
            throw new IllegalStateException(
                    id + " decoded " + decoded + " records, expected " + expected);
        }
        out.printf(
                "      %-32s %8d records %7.2f s %9.0f records/s%n",
                id, expected, seconds, expected / seconds);
        return seconds;
    }

    /**
     * A run's own group, output topics and transactional prefix, so runs share nothing; bounded
     * runs read their topic to the end offsets at their start, the others until cancelled.
     */
    private JobSettings settings(
            String topic, String id, Path bundle, String guarantee, boolean bounded) {
        return LocalStack.jobSettings(
                work,
                bundle,
                kafka.bootstrapServers(),
                "--job.name",
                id,
                "--kafka.input-topic",
                topic,
                "--kafka.output-topic",
                id + "-anomalies",
                "--kafka.dead-letter-topic",
                id + "-dlq",
                "--kafka.group-id",
                id,
                "--kafka.transactional-id-prefix",
                id,
                "--kafka.bounded",
                Boolean.toString(bounded),
                "--kafka.starting-offsets",
                "earliest",
                "--delivery.guarantee",
                guarantee);
    }
}
