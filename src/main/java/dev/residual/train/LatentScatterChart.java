package dev.residual.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoublePredicate;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Circle;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's latent scatter: one point per shown validation row at its 2-D latent position,
 * coloured by where its score falls (below the median, up to the threshold, above it), in the
 * palette of {@link ReportCharts}.
 */
final class LatentScatterChart {
    /**
     * Rows above the threshold are few by construction; at the bulk's marker size they would be
     * lost, so they get circles twice as wide (XChart has one marker size per chart).
     */
    private static final Marker LARGE =
            new Circle() {
                @Override
                public void paint(Graphics2D g, double x, double y, int size) {
                    super.paint(g, x, y, 2 * size);
                }
            };

    private LatentScatterChart() {}

    /**
     * @param median median of all validation scores
     * @param threshold the global threshold
     */
    static byte[] draw(LatentProjection p, double median, double threshold) {
        String axis = p.projected() ? "principal component " : "latent ";
        XYChart chart = ReportCharts.xyChart(axis + "1", axis + "2");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        // Drawn in this order, so the few rows above the threshold land on top of the bulk.
        add(
                chart,
                p,
                "below the median",
                s -> s <= median,
                ReportCharts.TRAIN,
                110,
                SeriesMarkers.CIRCLE);
        add(
                chart,
                p,
                "up to the threshold",
                s -> s > median && s <= threshold,
                ReportCharts.VALIDATION,
                170,
                SeriesMarkers.CIRCLE);
        add(
                chart,
                p,
                String.format(Locale.ROOT, "above the threshold %.4g", threshold),
                s -> s > threshold,
                ReportCharts.THRESHOLD,
                255,
                LARGE);
        return ReportCharts.png(chart);
    }

    private static void add(
            XYChart chart,
            LatentProjection p,
            String name,
            DoublePredicate band,
            Color colour,
            int alpha,
            Marker marker) {
        int[] rows =
                IntStream.range(0, p.scores().length)
                        .filter(i -> band.test(p.scores()[i]))
                        .toArray();
        // XChart rejects a series without points; an empty band is simply left out.
        if (rows.length == 0) {
            return;
        }
        double[] xs = Arrays.stream(rows).mapToDouble(i -> p.x()[i]).toArray();
        double[] ys = Arrays.stream(rows).mapToDouble(i -> p.y()[i]).toArray();
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(marker);
        s.setMarkerColor(ReportCharts.withAlpha(colour, alpha));
    }
}
