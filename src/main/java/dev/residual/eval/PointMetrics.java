package dev.residual.eval;

/**
 * Point-wise counts of a binary prediction against labels, and what SKAB prints of them: F1 = TP /
 * (TP + (FP + FN) / 2), FAR = FP / (FP + TN) and MAR = FN / (FN + TP), both in percent.
 */
public record PointMetrics(long tp, long fp, long tn, long fn) {
    /** Counts {@code predicted} against {@code labels}, row by row. */
    public static PointMetrics of(boolean[] labels, boolean[] predicted) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i]) {
                if (predicted[i]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predicted[i]) {
                fp++;
            } else {
                tn++;
            }
        }
        return new PointMetrics(tp, fp, tn, fn);
    }

    /** The sum of two sets of counts: predictions pooled across files. */
    public PointMetrics plus(PointMetrics o) {
        return new PointMetrics(tp + o.tp, fp + o.fp, tn + o.tn, fn + o.fn);
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    public double f1() {
        return ratio(tp, tp + (fp + fn) / 2.0);
    }

    /** False alarm rate, percent of the normal rows. */
    public double farPercent() {
        return 100 * ratio(fp, fp + tn);
    }

    /** Missed alarm rate, percent of the anomalous rows. */
    public double marPercent() {
        return 100 * ratio(fn, fn + tp);
    }

    private static double ratio(double num, double den) {
        return den == 0 ? 0.0 : num / den;
    }
}
