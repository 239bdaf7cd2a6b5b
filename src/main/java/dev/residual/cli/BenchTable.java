package dev.residual.cli;

import dev.residual.cli.BenchPipelines.Pipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The timings of {@code residual bench} and their summary: per pipeline the median wall time of the
 * runs over its large input (N records; fewer for the slow forest) and the small one, records per
 * second with start-up included, and the marginal rate (N − n) / (t_N − t_n) of medians, which
 * subtracts the start-up and shut-down that both sizes pay alike.
 */
final class BenchTable {
    private final Map<Pipeline, Long> large;
    private final long small;
    private final Map<Pipeline, List<Double>> largeSeconds = new EnumMap<>(Pipeline.class);
    private final Map<Pipeline, List<Double>> smallSeconds = new EnumMap<>(Pipeline.class);

    /**
     * A table of the pipelines that are keys of {@code large}, each timed on its own number of
     * records N and on {@code small} records.
     */
    BenchTable(Map<Pipeline, Long> large, long small) {
        this.large = new EnumMap<>(large);
        this.small = small;
        for (Pipeline p : large.keySet()) {
            largeSeconds.put(p, new ArrayList<>());
            smallSeconds.put(p, new ArrayList<>());
        }
    }

    void add(Pipeline pipeline, long records, double seconds) {
        (records == small ? smallSeconds : largeSeconds).get(pipeline).add(seconds);
    }

    /** Records per second of the median run over the large input, start-up included. */
    double rate(Pipeline p) {
        return large.get(p) / median(largeSeconds.get(p));
    }

    /** Records per second once running: the large and small medians' difference. */
    double marginalRate(Pipeline p) {
        return (large.get(p) - small) / (median(largeSeconds.get(p)) - median(smallSeconds.get(p)));
    }

    void print(PrintStream out) {
        out.printf(
                "%n%-52s %9s %9s %9s %11s %11s   %s%n",
                "pipeline (median of runs)",
                "N",
                "t_N s",
                "t_n s",
                "records/s",
                "marginal/s",
                "t_N of each run, s");
        for (Pipeline p : large.keySet()) {
            out.printf(
                    "%-52s %9d %9.2f %9.2f %11.0f %11.0f   %s%n",
                    p.letter + ") " + p.description,
                    large.get(p),
                    median(largeSeconds.get(p)),
                    median(smallSeconds.get(p)),
                    rate(p),
                    marginalRate(p),
                    rounded(largeSeconds.get(p)));
        }
        out.println(
                "ratios   "
                        + ratios(Pipeline.PASSTHROUGH, this::rate)
                        + " (records/s)   "
                        + ratios(Pipeline.PASSTHROUGH, this::marginalRate)
                        + " (marginal)");
        if (large.containsKey(Pipeline.RCF)) {
            out.println(
                    "         "
                            + ratios(Pipeline.RCF, this::rate)
                            + " (records/s)   "
                            + ratios(Pipeline.RCF, this::marginalRate)
                            + " (marginal)");
        }
        out.printf(
                "n = %d records; t is the wall time of env.execute(): MiniCluster start,"
                        + " deployment, the run and shut-down; marginal = (N - n) / (t_N - t_n)%n",
                small);
        if (large.containsKey(Pipeline.RCF)
                && !large.get(Pipeline.RCF).equals(large.get(Pipeline.PASSTHROUGH))) {
            out.printf(
                    "d) reads only the first %d of the records: the forest is slow%n",
                    large.get(Pipeline.RCF));
        }
        out.println("machine  " + machine());
    }

    /** Each other pipeline's rate over that of {@code base}, as "b/a 0.95 c/a 0.90". */
    private String ratios(Pipeline base, ToDoubleFunction<Pipeline> rate) {
        StringBuilder s = new StringBuilder();
        for (Pipeline p : large.keySet()) {
            if (p != base && p != Pipeline.RCF && p != Pipeline.PASSTHROUGH) {
                s.append(
                        String.format(
                                "%s/%s %.2f  ",
                                p.letter,
                                base.letter,
                                rate.applyAsDouble(p) / rate.applyAsDouble(base)));
            }
        }
        return s.toString().trim();
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String rounded(List<Double> values) {
        return Arrays.toString(values.stream().map(s -> Math.round(s * 100) / 100.0).toArray());
    }

    /** Cores, CPU model, JVM and heap: what a reader needs to compare figures across machines. */
    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(
                "%d cores (%s), %s %s %s, max heap %d MB, %s %s",
                rt.availableProcessors(),
                cpuModel(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"),
                rt.maxMemory() >> 20,
                System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("cpu unknown");
        } catch (IOException | RuntimeException e) {
            return "cpu unknown";
        }
    }
}
