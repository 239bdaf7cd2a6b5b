package dev.residual.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the micro-benchmarks of this package (see README, "Performance") and prints the median of
 * the measured iterations per benchmark, with the time per record where a call handles a batch.
 * With arguments, hands them to JMH's own command line instead.
 */
public final class Jmh {
    private Jmh() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options =
                new OptionsBuilder()
                        .include(Jmh.class.getPackageName() + "\\..*Benchmark")
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(1))
                        .timeUnit(TimeUnit.NANOSECONDS)
                        .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
                        .build();
        print(new Runner(options).run());
    }

    private static void print(Collection<RunResult> results) throws RunnerException {
        System.out.printf(
                "%n%-36s %8s %14s %14s%n", "benchmark", "batch", "median ns/op", "ns/record");
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark();
            String batch = run.getParams().getParam("batch");
            int records = batch == null ? 1 : Integer.parseInt(batch);
            double median = median(run);
            System.out.printf(
                    "%-36s %8s %14.0f %14.0f%n",
                    name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    batch == null ? "-" : batch,
                    median,
                    median / records);
        }
        System.out.println("machine  " + machine());
    }

    /** The median of the measured iterations' scores, over all forks. */
    private static double median(RunResult run) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult b : run.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) {
                scores.add(i.getPrimaryResult().getScore());
            }
        }
        double[] v = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors()
                + " cores, "
                + System.getProperty("java.vm.name")
                + " "
                + System.getProperty("java.runtime.version");
    }
}
