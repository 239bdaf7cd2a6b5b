package dev.residual.train;

import dev.residual.model.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code report.html} of a bundle: one self-contained page (styles and PNG charts inline, no
 * references outside the file) that shows what was trained on what, how training went, where the
 * threshold sits among the validation scores and which features the model reconstructs worst. The
 * markup is well-formed XML so that it can be checked with any XML parser.
 */
public final class TrainingReport {
    /** The report's name in a bundle. */
    public static final String FILE = "report.html";

    private static final String CSS =
            """
            body{margin:0;background:#f6f7f9;color:#333;\
            font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
            main{max-width:800px;margin:24px auto;background:#fff;padding:24px 32px;\
            border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
            h1{font-size:24px;margin:0 0 4px}
            h2{font-size:17px;margin:28px 0 6px}
            .id{font-family:ui-monospace,Menlo,Consolas,monospace;color:#666;margin:0 0 16px}
            .facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
            .facts dt{color:#777}.facts dd{margin:0}
            img{width:100%;height:auto;display:block}
            .caption{color:#666;font-size:13px;margin:4px 0 0}
            table{border-collapse:collapse;font-variant-numeric:tabular-nums}
            th,td{padding:3px 14px;text-align:right;border-bottom:1px solid #eee}
            th{color:#777;font-weight:normal}
            tr.threshold td{color:#a4262c;font-weight:bold}
            """;

    private TrainingReport() {}

    /** The page for {@code retrained}, UTF-8. */
    public static byte[] html(RetrainedModel retrained) {
        Manifest m = retrained.manifest();
        TrainedAutoencoder model = retrained.model();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<title>")
                .append(escape(m.modelId))
                .append("</title><style>")
                .append(CSS)
                .append("</style></head><body><main>\n<h1>Model report</h1>\n<p class=\"id\">")
                .append(escape(m.modelId))
                .append("</p>\n");
        facts(h, m, model);
        section(
                h,
                "Training",
                ReportCharts.losses(model.trainLoss(), model.validationLoss()),
                "Loss per epoch on the training rows and on the held-out validation rows. The"
                        + " bundle keeps the epoch with the lowest validation loss.");
        section(
                h,
                "Validation scores",
                ReportCharts.scores(retrained.validationScores(), m.calibration.threshold),
                String.format(
                        Locale.ROOT,
                        "Scores of the %d validation rows (log scale). The dashed line is the"
                                + " global threshold, their %s quantile.",
                        m.calibration.rows,
                        percent(m.calibration.thresholdQuantile)));
        section(
                h,
                "Error per feature",
                ReportCharts.featureErrors(model.featureNames(), retrained.featureErrors()),
                "Mean squared reconstruction error of each feature on the validation rows, in"
                        + " standard deviations squared: the features the model finds hardest."
                        + (model.featureNames().size() > ReportCharts.MAX_FEATURES
                                ? " The " + ReportCharts.MAX_FEATURES + " largest are shown."
                                : ""));
        latent(h, retrained);
        quantiles(h, m.calibration);
        h.append("</main></body></html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The scatter of the validation rows' latent codes, directly or by principal components. */
    private static void latent(StringBuilder h, RetrainedModel retrained) {
        LatentProjection p = retrained.latent();
        double[] sorted = retrained.validationScores().clone();
        Arrays.sort(sorted);
        double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        double threshold = retrained.manifest().calibration.threshold;
        int total = sorted.length;
        String rows =
                p.scores().length < total
                        ? String.format(
                                Locale.ROOT,
                                "a seeded sample of %,d of the %,d validation rows",
                                p.scores().length,
                                total)
                        : String.format(Locale.ROOT, "the %,d validation rows", total);
        String where =
                p.projected()
                        ? String.format(
                                Locale.ROOT,
                                " projected onto the first two principal components of the"
                                        + " %d-dimensional codes, which explain %s of their"
                                        + " variance",
                                p.latentWidth(),
                                percent(p.explained()))
                        : p.latentWidth() == 1 ? " (one dimension, drawn along a line)" : "";
        section(
                h,
                "Latent space",
                LatentScatterChart.draw(p, median, threshold),
                "Latent codes (what encoder.onnx outputs) of "
                        + rows
                        + where
                        + ". Colour shows each row's score: below the median, up to the"
                        + " threshold, or above it.");
    }

    private static void facts(StringBuilder h, Manifest m, TrainedAutoencoder model) {
        h.append("<dl class=\"facts\">");
        fact(h, "kind", m.kind);
        fact(h, "created", m.created);
        fact(h, "features", m.features.size() + ": " + String.join(", ", m.features));
        fact(
                h,
                "rows",
                String.format(
                        Locale.ROOT,
                        "%,d (%,d training, %,d validation)",
                        model.trainRows() + model.validationRows(),
                        model.trainRows(),
                        model.validationRows()));
        fact(h, "epochs", Integer.toString(model.epochsRun()));
        fact(h, "score", scoreFact(m));
        fact(h, "threshold", number(m.calibration.threshold));
        h.append("</dl>\n");
    }

    private static String scoreFact(Manifest m) {
        Manifest.LatentScore l = m.latentScore;
        if (l == null) {
            return m.scoreKind();
        }
        return String.format(
                Locale.ROOT,
                "%s: reconstruction / %s + latent T² / %s (k = %d)",
                m.scoreKind(),
                number(l.reconstructionMean),
                number(l.t2Mean),
                l.latentDim);
    }

    private static void fact(StringBuilder h, String name, String value) {
        h.append("<dt>").append(name).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    private static void section(StringBuilder h, String title, byte[] png, String caption) {
        h.append("<section><h2>")
                .append(escape(title))
                .append("</h2><img alt=\"")
                .append(escape(title))
                .append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png))
                .append("\"/><p class=\"caption\">")
                .append(escape(caption))
                .append("</p></section>\n");
    }

    /** The calibration quantiles with the threshold's row among them, highlighted. */
    private static void quantiles(StringBuilder h, Manifest.Calibration c) {
        h.append("<section><h2>Calibration</h2><table><tr><th>quantile</th><th>score</th></tr>");
        boolean placed = false;
        for (Map.Entry<String, Double> q : c.quantiles.entrySet()) {
            double level = Double.parseDouble(q.getKey());
            boolean same = Math.abs(level - c.thresholdQuantile) < 1e-12;
            if (!placed && level > c.thresholdQuantile) {
                row(h, "threshold " + percent(c.thresholdQuantile), c.threshold, true);
                placed = true;
            }
            placed |= same;
            row(h, percent(level) + (same ? " (threshold)" : ""), q.getValue(), same);
        }
        if (!placed) {
            row(h, "threshold " + percent(c.thresholdQuantile), c.threshold, true);
        }
        h.append("</table><p class=\"caption\">Quantiles of the validation scores, recorded in")
                .append(" manifest.json. The scoring job alerts above the threshold until an")
                .append(" entity has its own.</p></section>\n");
    }

    private static void row(StringBuilder h, String label, double value, boolean threshold) {
        h.append(threshold ? "<tr class=\"threshold\">" : "<tr>")
                .append("<td>")
                .append(escape(label))
                .append("</td><td>")
                .append(number(value))
                .append("</td></tr>");
    }

    private static String percent(double q) {
        String s = String.format(Locale.ROOT, "%.2f", q * 100).replaceAll("\\.?0+$", "");
        return s + "%";
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Text as HTML (and XML) character data or attribute value. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
