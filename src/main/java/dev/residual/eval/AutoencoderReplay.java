package dev.residual.eval;

import dev.residual.io.DecodeResult;
import dev.residual.io.RawRecord;
import dev.residual.io.RecordDecoder;
import dev.residual.job.JobArguments;
import dev.residual.job.JobSettings;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.OnnxScorer;
import dev.residual.threshold.Decision;
import dev.residual.threshold.RollingThreshold;
import dev.residual.threshold.ThresholdState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * Replays each entity's rows, in time order, through the job's own classes: each row becomes a
 * record in the job's JSON input format, decoded by the job's {@link RecordDecoder}, scored in
 * batches by {@link OnnxScorer} with the bundle's graph, and judged by {@link RollingThreshold}
 * with the entity's own {@link ThresholdState}, as the keyed threshold function does. The settings
 * are the job's ({@link JobSettings}, from the same option names), so the thresholds are the ones a
 * deployment with those options would use. Three detectors come out of one pass: the rolling
 * threshold flagging the records above it; the same flagging every record of an open episode (from
 * its alert until cool-down has passed without another anomalous record), which is what the job's
 * events describe; and the static threshold (the bundle's global threshold for every row).
 */
public final class AutoencoderReplay {
    private static final int BATCH = 64;

    private AutoencoderReplay() {}

    /**
     * The job's settings for {@code bundleDir} with {@code jobOptions} ("key=value", the job's
     * option names such as {@code threshold.cooldown=1 min}); a wrong one fails with its name.
     */
    public static JobSettings settings(String bundleDir, List<String> jobOptions) {
        List<String> args = new ArrayList<>(List.of("--bundle", bundleDir));
        args.addAll(List.of("--kafka.bootstrap-servers", "replay:0"));
        for (String o : jobOptions) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "--job-option must be key=value, e.g. threshold.cooldown=1min; got '"
                                + o
                                + "'");
            }
            args.add("--" + o.substring(0, eq).trim());
            args.add(o.substring(eq + 1).trim());
        }
        return JobSettings.from(
                new Configuration(), JobArguments.parse(args.toArray(String[]::new)));
    }

    /**
     * Runs every entity through decode, score and threshold; returns [rolling, rolling episodes,
     * static].
     */
    public static List<DetectorOutput> run(
            ModelBundle bundle, JobSettings settings, List<EntityRows> entities, String label) {
        Manifest m = bundle.manifest();
        double global = settings.globalThreshold(m);
        RollingThreshold rule =
                new RollingThreshold(settings.threshold, global, settings.logSpread(m));
        RecordDecoder decoder = settings.decoder(m.features);
        DetectorOutput rolling = new DetectorOutput(label + " rolling");
        DetectorOutput episodes = new DetectorOutput(label + " rolling episodes");
        DetectorOutput fixed = new DetectorOutput(label + " static");
        try (OnnxScorer scorer =
                OnnxScorer.open(
                        bundle.modelBytes(),
                        m.modelId,
                        m.inputWidth(),
                        m.features.size(),
                        settings.scoreThreads)) {
            for (EntityRows e : entities) {
                double[] scores = score(scorer, decode(decoder, e));
                DetectorOutput.Verdicts r = new DetectorOutput.Verdicts(e.size());
                DetectorOutput.Verdicts p = new DetectorOutput.Verdicts(e.size());
                DetectorOutput.Verdicts s = new DetectorOutput.Verdicts(e.size());
                ThresholdState state = new ThresholdState();
                for (int i = 0; i < scores.length; i++) {
                    Decision d = rule.observe(state, scores[i], e.ts()[i]);
                    r.score()[i] = scores[i];
                    r.flagged()[i] = d.isAnomalous();
                    r.alert()[i] = d.isAlert();
                    p.score()[i] = scores[i];
                    p.flagged()[i] = d.isAnomalous() || rule.inEpisode(state, e.ts()[i]);
                    p.alert()[i] = d.isAlert();
                    s.score()[i] = scores[i];
                    s.flagged()[i] = !(scores[i] <= global);
                }
                DetectorOutput.alertsByCooldown(e.ts(), s, settings.threshold.cooldownMillis());
                rolling.put(e.name(), r);
                episodes.put(e.name(), p);
                fixed.put(e.name(), s);
            }
        }
        return List.of(rolling, episodes, fixed);
    }

    /** Each row as the job receives it, decoded by the job's decoder. */
    private static float[][] decode(RecordDecoder decoder, EntityRows e) {
        float[][] out = new float[e.size()][];
        for (int i = 0; i < out.length; i++) {
            RawRecord raw = new RawRecord(null, json(e, i), "replay", 0, i, e.ts()[i]);
            DecodeResult result = decoder.decode(raw);
            if (!result.isValid()) {
                throw new IllegalArgumentException(
                        "entity "
                                + e.name()
                                + " row "
                                + i
                                + ": the job's decoder refused it: "
                                + result.reason()
                                + ": "
                                + result.deadLetter().detail);
            }
            out[i] = result.record().features;
        }
        return out;
    }

    /** Row {@code i} of an entity in the job's JSON input format, features as an array. */
    static byte[] json(EntityRows e, int i) {
        StringBuilder json = new StringBuilder("{\"entity\":");
        json.append(quote(e.name())).append(",\"ts\":").append(e.ts()[i]);
        json.append(",\"features\":[");
        float[] row = e.rows()[i];
        for (int f = 0; f < row.length; f++) {
            json.append(f == 0 ? "" : ",").append(Float.toString(row[f]));
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double[] score(OnnxScorer scorer, float[][] rows) {
        double[] out = new double[rows.length];
        float[][] batch = new float[BATCH][];
        for (int start = 0; start < rows.length; start += BATCH) {
            int n = Math.min(BATCH, rows.length - start);
            System.arraycopy(rows, start, batch, 0, n);
            float[] s = scorer.score(batch, n).score();
            for (int i = 0; i < n; i++) {
                out[start + i] = s[i];
            }
        }
        return out;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
