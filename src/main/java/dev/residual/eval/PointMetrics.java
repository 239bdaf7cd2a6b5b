package dev.residual.eval;

/**
 * Point-wise counts of a binary prediction against labels, and what SKAB prints of them: F1 = TP /
 * (TP + (FP + FN) / 2), FAR = FP / (FP + TN) and MAR = FN / (FN + TP), both in percent. A rate over
 * rows of a class that is absent (recall, MAR and F1 on normal data alone; FAR on anomalous data
 * alone) is NaN, printed as a dash, not a misleading 0; precision with nothing flagged is 0, as in
 * SKAB's tables.
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
        return tp + fn == 0 ? Double.NaN : ratio(tp, tp + fn);
    }

    public double f1() {
        return tp + fn == 0 ? Double.NaN : ratio(tp, tp + (fp + fn) / 2.0);
    }

    /** False alarm rate, percent of the normal rows. */
    public double farPercent() {
        return fp + tn == 0 ? Double.NaN : 100 * ratio(fp, fp + tn);
    }

    /** Missed alarm rate, percent of the anomalous rows. */
    public double marPercent() {
        return tp + fn == 0 ? Double.NaN : 100 * ratio(fn, fn + tp);
    }

    private static double ratio(double num, double den) {
        return den == 0 ? 0.0 : num / den;
    }
}
