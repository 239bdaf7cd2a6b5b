package dev.residual.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** results.json (one object per detector and data set) and results.md (the same as a table). */
public final class Results {
    public static final String JSON_FILE = "results.json";
    public static final String MARKDOWN_FILE = "results.md";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Results() {}

    /**
     * Every detector's verdict on every row, {@code scores/<data>-<detector>.csv}: entity, event
     * time, whether the protocol let it train, raw score, flagged, alert. No labels.
     */
    public static void writeScores(
            Path out, String dataset, List<EntityRows> stream, List<DetectorOutput> outputs)
            throws IOException {
        Path dir = Files.createDirectories(out.resolve("scores"));
        for (DetectorOutput o : outputs) {
            StringBuilder b = new StringBuilder("entity,ts,train,score,flagged,alert\n");
            for (EntityRows e : stream) {
                DetectorOutput.Verdicts v = o.of(e.name());
                for (int i = 0; i < e.size(); i++) {
                    b.append(e.name())
                            .append(',')
                            .append(e.ts()[i])
                            .append(',')
                            .append(e.train()[i] ? 1 : 0)
                            .append(',')
                            .append(v.score()[i])
                            .append(',')
                            .append(v.flagged()[i] ? 1 : 0)
                            .append(',')
                            .append(v.alert()[i] ? 1 : 0)
                            .append('\n');
                }
            }
            String file = (dataset + "-" + o.name()).replaceAll("[^A-Za-z0-9._-]+", "-") + ".csv";
            Files.writeString(dir.resolve(file), b.toString(), StandardCharsets.UTF_8);
        }
    }

    public static void write(Path out, List<DetectorScore> scores) throws IOException {
        Files.createDirectories(out);
        // NaN is not JSON: a figure that does not apply (NAB without change points) is null.
        String json = JSON.writeValueAsString(scores).replaceAll(":\\s*\"?NaN\"?", " : null");
        Files.writeString(out.resolve(JSON_FILE), json + "\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve(MARKDOWN_FILE), markdown(scores), StandardCharsets.UTF_8);
    }

    /** The table: point-wise, event-level, NAB and ranking figures, one row per detector. */
    public static String markdown(List<DetectorScore> scores) {
        StringBuilder b = new StringBuilder();
        b.append("| data | detector | precision | recall | F1 | FAR % | MAR % | episodes caught")
                .append(" | false alerts / entity / day | delay s | NAB standard | NAB chance")
                .append(" | NAB low FP")
                .append(" | NAB low FN | ROC-AUC | PR-AUC |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (DetectorScore s : scores) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %d/%d | %s | %s | %s | %s | %s | %s | %s"
                                    + " | %s |%n",
                            s.dataset(),
                            s.detector(),
                            f(s.precision(), 2),
                            f(s.recall(), 2),
                            f(s.f1(), 2),
                            f(s.far(), 2),
                            f(s.mar(), 2),
                            s.episodesCaught(),
                            s.episodes(),
                            f(s.falseAlertsPerEntityDay(), 1),
                            f(s.detectionDelaySeconds(), 1),
                            f(s.nabStandard(), 2),
                            f(s.nabStandardChance(), 2),
                            f(s.nabLowFp(), 2),
                            f(s.nabLowFn(), 2),
                            f(s.rocAuc(), 3),
                            f(s.prAuc(), 3)));
        }
        return b.toString();
    }

    private static String f(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
