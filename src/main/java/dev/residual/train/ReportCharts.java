package dev.residual.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a bundle's {@code report.html}, drawn with XChart and encoded as PNG. One palette
 * for every chart, so that training is always blue, validation always orange and the threshold
 * always dark red.
 */
final class ReportCharts {
    static final Color TRAIN = new Color(0x4C72B0);
    static final Color VALIDATION = new Color(0xDD8452);
    static final Color THRESHOLD = new Color(0xA4262C);
    private static final Color INK = new Color(0x333333);
    private static final Color GRID = new Color(0xE6E6E6);
    private static final int WIDTH = 760;
    private static final int HEIGHT = 320;
    private static final int BINS = 40;

    /** Features shown in the error chart; more would make the labels unreadable. */
    static final int MAX_FEATURES = 30;

    static {
        // Retraining runs on servers without a display; AWT must not look for one to draw.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReportCharts() {}

    /** Train and validation loss per epoch, on a log axis since the first epochs dwarf the rest. */
    static byte[] losses(List<Double> train, List<Double> validation) {
        XYChart chart = xyChart("epoch", "loss");
        boolean positive =
                train.stream().allMatch(v -> v > 0) && validation.stream().allMatch(v -> v > 0);
        chart.getStyler().setYAxisLogarithmic(positive);
        // Losses often stay within one decade, which would get a single label.
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        addLine(chart, "train", train, TRAIN);
        addLine(chart, "validation", validation, VALIDATION);
        return png(chart);
    }

    /**
     * Histogram of validation scores in log-spaced bins, so that the bulk and the tail (where the
     * threshold sits) are both visible, with the threshold as a vertical line.
     */
    static byte[] scores(double[] scores, double threshold) {
        double[] positive = Arrays.stream(scores).filter(s -> s > 0).sorted().toArray();
        XYChart chart = xyChart("score (log scale)", "validation rows");
        chart.getStyler().setXAxisLogarithmic(true);
        double lo = logStart(positive, threshold);
        double top = positive.length > 0 ? positive[positive.length - 1] : lo;
        double hi = Math.max(top, Math.max(threshold, lo)) * 1.0001;
        double step = Math.log(hi / lo) / BINS;
        double[] edges =
                IntStream.rangeClosed(0, BINS).mapToDouble(i -> lo * Math.exp(i * step)).toArray();
        double[] counts = new double[BINS + 1];
        for (double s : positive) {
            counts[Math.min(BINS - 1, (int) (Math.log(s / lo) / step))]++;
        }
        // A step series needs the last bin's height repeated at the right edge.
        counts[BINS] = counts[BINS - 1];
        XYSeries bars = chart.addSeries("validation scores", edges, counts);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        bars.setFillColor(withAlpha(VALIDATION, 150));
        bars.setLineColor(VALIDATION);
        bars.setMarker(SeriesMarkers.NONE);
        double tallest = Math.max(1, Arrays.stream(counts).max().orElse(1));
        XYSeries line =
                chart.addSeries(
                        String.format(Locale.ROOT, "threshold %.4g", threshold),
                        new double[] {threshold, threshold},
                        new double[] {0, tallest * 1.05});
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setLineColor(THRESHOLD);
        line.setLineStyle(
                new BasicStroke(
                        2f,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10f,
                        new float[] {6f, 4f},
                        0f));
        line.setMarker(SeriesMarkers.NONE);
        return png(chart);
    }

    /** Zero scores have no place on a log axis: the range starts at the smallest positive one. */
    private static double logStart(double[] positive, double threshold) {
        double lo = positive.length > 0 ? positive[0] : Math.max(threshold, Double.MIN_NORMAL);
        return threshold > 0 ? Math.min(lo, threshold) : lo;
    }

    /** Mean squared error per feature, largest first, at most {@link #MAX_FEATURES} of them. */
    static byte[] featureErrors(List<String> names, double[] errors) {
        Integer[] order = IntStream.range(0, errors.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -errors[i]));
        List<String> shown = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int k = 0; k < Math.min(MAX_FEATURES, order.length); k++) {
            shown.add(names.get(order[k]));
            values.add(errors[order[k]]);
        }
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .xAxisTitle("feature")
                        .yAxisTitle("mean squared error")
                        .build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        // Names wider than their bars would overlap, so they are slanted then.
        int longest = shown.stream().mapToInt(String::length).max().orElse(0);
        chart.getStyler().setXAxisLabelRotation(longest * shown.size() > 60 ? 30 : 0);
        chart.getStyler().setAvailableSpaceFill(0.7);
        // Set here only: XChart places ticks linearly once labels are formatted by a function.
        chart.getStyler().setyAxisTickLabelsFormattingFunction(ReportCharts::tick);
        chart.getStyler().setSeriesColors(new Color[] {VALIDATION});
        chart.addSeries("mean error", shown, values);
        return png(chart);
    }

    static XYChart xyChart(String xTitle, String yTitle) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return chart;
    }

    private static void addLine(XYChart chart, String name, List<Double> values, Color colour) {
        double[] epochs = IntStream.rangeClosed(1, values.size()).asDoubleStream().toArray();
        double[] ys = values.stream().mapToDouble(Double::doubleValue).toArray();
        XYSeries s = chart.addSeries(name, epochs, ys);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(values.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setLineStyle(new BasicStroke(2f));
    }

    /** The look shared by every chart: white, light grid, no borders, one font. */
    private static void style(org.knowm.xchart.style.AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridVerticalLinesVisible(false);
        s.setChartTitleVisible(false);
        s.setChartFontColor(INK);
        s.setAxisTickLabelsColor(INK);
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendBorderColor(Color.WHITE);
        s.setMarkerSize(5);
        s.setChartPadding(12);
        s.setLocale(Locale.ROOT);
    }

    /** Two significant digits and no trailing zeros: 0.07, 0.065, 1.5E-4, 120. */
    private static String tick(Double v) {
        if (v == 0) {
            return "0";
        }
        String s =
                new BigDecimal(String.format(Locale.ROOT, "%.2g", v))
                        .stripTrailingZeros()
                        .toString();
        return s.contains("E") ? s : new BigDecimal(s).toPlainString();
    }

    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw a report chart", e);
        }
    }
}
