package dev.residual.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Threshold-free quality of raw scores: ROC-AUC (the chance that an anomalous row scores above a
 * normal one, ties counting half) and PR-AUC as average precision (precision at each distinct
 * score, weighted by the recall it adds), as scikit-learn computes them.
 */
public final class RankMetrics {
    private RankMetrics() {}

    /** ROC-AUC by the Mann-Whitney statistic with average ranks; NaN without both classes. */
    public static double rocAuc(double[] scores, boolean[] labels) {
        Integer[] order = order(scores, false);
        double positives = 0;
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    positives++;
                    rankSum += rank;
                }
            }
            i = j + 1;
        }
        double negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /** Average precision over the distinct scores, highest first; NaN without positives. */
    public static double prAuc(double[] scores, boolean[] labels) {
        Integer[] order = order(scores, true);
        long positives = 0;
        for (boolean l : labels) {
            positives += l ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long tp = 0;
        int seen = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            long added = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                added += labels[order[j]] ? 1 : 0;
                j++;
            }
            tp += added;
            seen = j;
            ap += ((double) added / positives) * ((double) tp / seen);
            i = j;
        }
        return ap;
    }

    private static Integer[] order(double[] scores, boolean descending) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, k -> k);
        Comparator<Integer> byScore = Comparator.comparingDouble(k -> scores[k]);
        Arrays.sort(order, descending ? byScore.reversed() : byScore);
        return order;
    }
}
