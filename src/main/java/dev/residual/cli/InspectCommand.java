package dev.residual.cli;

import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code residual inspect BUNDLE}: what a bundle is, read the way the job reads it, so that every
 * checksum is verified and a bundle the job would refuse is refused here too.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description =
                "Shows a model bundle's manifest (model, features, calibration, training) after"
                        + " verifying its format version and the SHA-256 of every file.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "BUNDLE",
            description = "A bundle directory, or a models directory whose CURRENT names one.")
    private Path path;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        ModelBundle bundle = ModelBundle.load(path);
        Manifest m = bundle.manifest();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("bundle       %s%n", bundle.dir());
        out.printf("model id     %s (format %d, kind %s)%n", m.modelId, m.formatVersion, m.kind);
        out.printf("created      %s%n", m.created);
        out.printf("architecture %s%n", m.architecture);
        out.printf("features     %d: %s%n", m.features.size(), String.join(", ", m.features));
        out.printf(
                "window       %d%s%n",
                m.window,
                m.windowScore == null
                        ? ""
                        : "last".equals(m.windowScore)
                                ? " rows, scored at the last step (window score last)"
                                : " rows, scored over the whole window (window score window)");
        out.printf("outputs      %s%n", m.outputs);
        score(out, m);
        if (m.scaler != null) {
            out.printf("scaler       %s, in the %s%n", m.scaler.type, m.scaler.location);
        }
        out.println("baseline     " + baseline(m.entityBaseline));
        calibration(out, m.calibration);
        training(out, m.training);
        out.println("files        (SHA-256 verified)");
        m.files.forEach((name, sha) -> out.printf("  %-12s %s%n", name, sha));
        out.flush();
        return 0;
    }

    /** What the score output measures; a bundle older than the field is reconstruction. */
    private static void score(PrintWriter out, Manifest m) {
        Manifest.LatentScore l = m.latentScore;
        if (l == null) {
            out.printf("score        %s%n", m.scoreKind());
            return;
        }
        out.printf(
                Locale.ROOT,
                "score        %s: reconstruction / %.6g + T² / %.4g (latent T² over k = %d code"
                        + " dimensions, %d floored; means of %d training rows)%n",
                m.scoreKind(),
                l.reconstructionMean,
                l.t2Mean,
                l.latentDim,
                l.flooredDimensions,
                l.rows);
    }

    private static void calibration(PrintWriter out, Manifest.Calibration c) {
        if (c == null) {
            out.println("calibration  none");
            return;
        }
        out.printf(
                Locale.ROOT,
                "threshold    %.6g (q%s of %d validation scores)%n",
                c.threshold,
                c.thresholdQuantile,
                c.rows);
        StringBuilder q = new StringBuilder();
        c.quantiles.forEach((k, v) -> q.append(String.format(Locale.ROOT, " q%s=%.4g", k, v)));
        out.println("quantiles   " + q);
        if (c.logMean != null && c.logStd != null) {
            out.printf(Locale.ROOT, "log scores   mean %.4f, std %.4f%n", c.logMean, c.logStd);
        }
    }

    private static void training(PrintWriter out, Map<String, Object> t) {
        for (String key :
                List.of(
                        "rows",
                        "train_rows",
                        "validation_rows",
                        "train_windows",
                        "validation_windows",
                        "epochs_run",
                        "seconds")) {
            if (t.containsKey(key)) {
                out.printf("%-12s %s%n", key.replace('_', ' '), t.get(key));
            }
        }
        Object val = t.get("validation_loss");
        if (val instanceof List<?> losses && !losses.isEmpty()) {
            out.printf(
                    "val loss     %s (first) -> %s (last)%n",
                    losses.get(0), losses.get(losses.size() - 1));
        }
    }

    /** The per-entity baseline the job applies before scoring, or none. */
    private static String baseline(Manifest.Baseline b) {
        if (b == null) {
            return "none: raw features are scored";
        }
        return String.format(
                Locale.ROOT,
                "per entity: warm-up %d records (unscored), half-life %s, clip %s sd",
                b.warmupRecords,
                b.halfLifeMs == 0 ? "0 (frozen after the warm-up)" : b.halfLifeMs + " ms",
                b.clip);
    }
}
