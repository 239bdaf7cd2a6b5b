package dev.residual.cli;

import dev.residual.cli.BenchPipelines.Pipeline;
import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.job.JobSettings;
import dev.residual.model.ModelBundle;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code residual bench}: end-to-end throughput of the job on one machine. Generated records go
 * into an embedded broker once; a dense bundle is trained on generated history; then three bounded
 * jobs read the same records on a local MiniCluster, round-robin so that JIT and GC drift hit all
 * alike: (a) source, decode and keyBy only, (b) the scoring workflow with discarding sinks and (c)
 * the job with Kafka sinks, after a warm-up run of each. Each also runs on a small input, to
 * subtract start-up; see {@link BenchTable}. Checkpoints are off: at-least-once needs none.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measures the throughput of the job against a passthrough pipeline.")
public final class BenchCommand implements Callable<Integer> {
    private static final String LARGE_TOPIC = "bench-large";
    private static final String SMALL_TOPIC = "bench-small";

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
        work = Files.createTempDirectory("residual-bench-");
        SyntheticFleet fleet = new SyntheticFleet(features, seed);
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            kafka = broker;
            kafka.createTopics(partitions, LARGE_TOPIC, SMALL_TOPIC);
            produce(fleet);
            models = train(fleet);
            ModelBundle bundle = ModelBundle.load(models);
            out.println("[4/4] Timing: a warm-up run of each pipeline, then " + runs + " rounds");
            // On the full input: a few thousand records leave the JIT cold and the first round
            // ran twice as long as the last.
            for (Pipeline p : Pipeline.values()) {
                run(p, bundle, LARGE_TOPIC, records, "warmup");
            }
            BenchTable table = new BenchTable(records, small);
            for (int round = 1; round <= runs; round++) {
                for (Pipeline p : Pipeline.values()) {
                    table.add(p, records, run(p, bundle, LARGE_TOPIC, records, "r" + round));
                    table.add(p, small, run(p, bundle, SMALL_TOPIC, small, "r" + round));
                }
            }
            table.print(out);
            return 0;
        } finally {
            LocalStack.deleteQuietly(work);
        }
    }

    /** Writes the inputs: N records over all entities, and the first n of them on their own. */
    private void produce(SyntheticFleet fleet) {
        out.printf(
                "[1/4] Producing %d records of %d entities, %d features (and %d to time"
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
        out.printf("      done in %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    /** Trains one dense bundle on normal history of up to 50 entities, 200 rows each. */
    private Path train(SyntheticFleet fleet) throws Exception {
        List<String> some = SyntheticFleet.entities(Math.min(entities, 50));
        out.printf("[2/4] Training a dense bundle on %d rows%n", some.size() * 200);
        Path csv = work.resolve("history.csv");
        fleet.writeHistoryCsv(csv, some, 200, 1_600_000_000_000L, 1000);
        Path dir = work.resolve("models");
        int code = LocalStack.retrainDense(csv, dir, seed);
        if (code != 0) {
            throw new IllegalStateException("training failed (exit " + code + ")");
        }
        out.println("[3/4] Bundle " + dir);
        return dir;
    }

    /** Runs one bounded job to its end and returns its wall time in seconds. */
    private double run(Pipeline p, ModelBundle bundle, String topic, long expected, String round)
            throws Exception {
        String id = "bench-" + p.letter + "-" + round + "-" + topic;
        JobSettings settings = settings(topic, id);
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

    /** A run's own group, output topics and transactional prefix, so runs share nothing. */
    private JobSettings settings(String topic, String id) {
        return LocalStack.jobSettings(
                work,
                models,
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
                "true",
                "--kafka.starting-offsets",
                "earliest",
                "--delivery.guarantee",
                "at-least-once");
    }
}
