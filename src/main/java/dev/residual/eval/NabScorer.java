package dev.residual.eval;

import dev.residual.train.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * NAB scores with SKAB's convention (its {@code core/metrics.py}, as its leaderboard runs it): the
 * predicted change points are the rows where the point prediction changes (|diff|, the first row
 * none); each true change point opens a detection window of {@code windowMillis} to its right; a
 * window that overlaps the one before it starts where that one ends. The first prediction in a
 * window earns the scaled tanh of its position, from A_tp at the window's start to A_fp at its end;
 * a window without one costs A_fn, every prediction outside the windows A_fp. Files are summed,
 * then normalised so that the null detector scores 0 and the perfect one 100.
 *
 * <p>{@link #chance} is the reference a score needs beside it on SKAB: the same number of predicted
 * change points per file, put on rows drawn at random. A detector whose NAB is not above it places
 * its change points no better than chance, whatever it catches point by point.
 */
public final class NabScorer {
    /** SKAB's leaderboard window: 60 s to the right of each change point. */
    public static final long SKAB_WINDOW_MILLIS = 60_000;

    private static final int DETAIL = 1000;

    /** Random placements behind {@link #chance}; the median of this many is reported. */
    public static final int CHANCE_DRAWS = 21;

    private static final long CHANCE_SEED = 20_261_127L;

    /** A NAB profile's weights. */
    public enum Profile {
        STANDARD(1.0, -0.11, -1.0),
        LOW_FP(1.0, -0.22, -1.0),
        LOW_FN(1.0, -0.11, -2.0);

        final double tp;
        final double fp;
        final double fn;

        Profile(double tp, double fp, double fn) {
            this.tp = tp;
            this.fp = fp;
            this.fn = fn;
        }
    }

    private final long windowMillis;
    private final double[] raw = new double[Profile.values().length];
    private final List<FileCase> files = new ArrayList<>();
    private int windows;

    /** One file as the chance reference needs it: its rows, its windows, how many predictions. */
    private record FileCase(long[] ts, List<long[]> bounds, int predicted) {}

    public NabScorer(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("NAB window must be > 0 ms, got " + windowMillis);
        }
        this.windowMillis = windowMillis;
    }

    /**
     * Adds one file (entity): its row times in order, the true change points and the point
     * predictions, all of its test rows.
     */
    public void add(long[] ts, boolean[] changepoint, boolean[] predicted) {
        List<Long> cps = new ArrayList<>();
        for (int i = 1; i < ts.length; i++) {
            if (predicted[i] != predicted[i - 1]) {
                cps.add(ts[i]);
            }
        }
        addChangePoints(ts, changepoint, cps);
    }

    /**
     * Adds one file whose predicted change points a detector gives itself (the rows it alerts on),
     * rather than where its point predictions change.
     */
    public void addAlerts(long[] ts, boolean[] changepoint, boolean[] alert) {
        List<Long> cps = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            if (alert[i]) {
                cps.add(ts[i]);
            }
        }
        addChangePoints(ts, changepoint, cps);
    }

    private void addChangePoints(long[] ts, boolean[] changepoint, List<Long> cps) {
        List<long[]> bounds = windows(ts, changepoint);
        double[] file = raw(bounds, cps);
        for (int p = 0; p < raw.length; p++) {
            raw[p] += file[p];
        }
        windows += bounds.size();
        files.add(new FileCase(ts.clone(), bounds, cps.size()));
    }

    /** One file's unnormalised score under every profile; {@code cps} in time order. */
    private static double[] raw(List<long[]> bounds, List<Long> cps) {
        int falsePositives = 0;
        int missed = 0;
        List<Double> positions = new ArrayList<>();
        for (long t : cps) {
            if (windowOf(bounds, t) < 0) {
                falsePositives++;
            }
        }
        for (long[] w : bounds) {
            Long first = null;
            for (long t : cps) {
                if (t >= w[0] && t <= w[1]) {
                    first = t;
                    break;
                }
            }
            if (first == null) {
                missed++;
            } else {
                positions.add(w[1] == w[0] ? 0.0 : (double) (first - w[0]) / (w[1] - w[0]));
            }
        }
        double[] out = new double[Profile.values().length];
        for (Profile p : Profile.values()) {
            double s = p.fp * falsePositives + p.fn * missed;
            for (double position : positions) {
                s += scaled(position, p);
            }
            out[p.ordinal()] = s;
        }
        return out;
    }

    /**
     * The score of chance placement: every file keeps its number of predicted change points, but on
     * distinct rows drawn uniformly from its rows; the median over {@link #CHANCE_DRAWS} draws from
     * a fixed seed, so the same input always gives the same reference.
     */
    public double chance(Profile p) {
        if (windows == 0) {
            return Double.NaN;
        }
        SplittableRandom random = new SplittableRandom(CHANCE_SEED);
        double[] draws = new double[CHANCE_DRAWS];
        for (int d = 0; d < draws.length; d++) {
            double sum = 0;
            for (FileCase f : files) {
                sum += raw(f.bounds(), drawRows(f, random))[p.ordinal()];
            }
            draws[d] = normalised(sum, p);
        }
        Arrays.sort(draws);
        return draws[draws.length / 2];
    }

    /** {@code f.predicted()} distinct row times, uniformly drawn, in time order. */
    private static List<Long> drawRows(FileCase f, SplittableRandom random) {
        int[] rows = Split.sample(f.ts().length, Math.min(f.predicted(), f.ts().length), random);
        List<Long> out = new ArrayList<>(rows.length);
        for (int i : rows) {
            out.add(f.ts()[i]);
        }
        return out;
    }

    /** The normalised score of a profile: 0 for the null detector, 100 for the perfect one. */
    public double score(Profile p) {
        if (windows == 0) {
            return Double.NaN;
        }
        return normalised(raw[p.ordinal()], p);
    }

    private double normalised(double rawScore, Profile p) {
        double nul = windows * p.fn;
        double perfect = windows * p.tp;
        return 100 * (rawScore - nul) / (perfect - nul);
    }

    private List<long[]> windows(long[] ts, boolean[] changepoint) {
        List<long[]> bounds = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            if (changepoint[i]) {
                bounds.add(new long[] {ts[i], ts[i] + windowMillis});
            }
        }
        for (int i = 0; i + 1 < bounds.size(); i++) {
            if (bounds.get(i)[1] >= bounds.get(i + 1)[0]) {
                bounds.get(i + 1)[0] = bounds.get(i)[1];
            }
        }
        return bounds;
    }

    private static int windowOf(List<long[]> bounds, long t) {
        for (int i = 0; i < bounds.size(); i++) {
            if (t >= bounds.get(i)[0] && t <= bounds.get(i)[1]) {
                return i;
            }
        }
        return -1;
    }

    /** SKAB's "improved" scaling: a tanh from A_tp at the window's start to A_fp at its end. */
    static double scaled(double position, Profile p) {
        int event = Math.min((int) (position * DETAIL), DETAIL - 1);
        double x = -Math.PI / 2 + event * Math.PI / (DETAIL - 1);
        double half = (p.tp - p.fp) / 2;
        return half * -Math.tanh(x) / Math.tanh(Math.PI / 2) + half + p.fp;
    }
}
