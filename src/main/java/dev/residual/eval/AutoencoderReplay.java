package dev.residual.eval;

import dev.residual.io.DecodeResult;
import dev.residual.io.RawRecord;
import dev.residual.io.RecordDecoder;
import dev.residual.job.JobArguments;
import dev.residual.job.JobSettings;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.BaselineState;
import dev.residual.score.EntityBaseline;
import dev.residual.score.OnnxScorer;
import dev.residual.score.WindowState;
import dev.residual.threshold.Decision;
import dev.residual.threshold.RollingThreshold;
import dev.residual.threshold.ThresholdState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * Replays each entity's rows, in time order, through the job's own classes: each row becomes a
 * record in the job's JSON input format, decoded by the job's {@link RecordDecoder}; for a windowed
 * bundle (W > 1) the entity's windows are assembled by the job's {@link WindowState} with the job's
 * gap ({@code window.max-gap}, else the bundle's own: {@link JobSettings#windowMaxGap}); for a
 * bundle with per-entity baselines, each entity's rows are standardised by the job's {@link
 * EntityBaseline}; rows or windows are scored in batches by {@link OnnxScorer} with the bundle's
 * graph, and judged by {@link RollingThreshold} with the entity's own {@link ThresholdState}, as
 * the keyed threshold function does. A row the job leaves unscored (the first W − 1 of a run, one
 * out of order, a baseline's warm-up) gets no verdict and score NaN: it counts as no alert. The
 * settings are the job's ({@link JobSettings}, from the same option names), so the thresholds are
 * the ones a deployment with those options would use. Four detectors come out of one pass: the
 * rolling threshold flagging the records above it; the same flagging every record of an episode
 * (from its start until cool-down has passed without another anomalous record), which is what the
 * job's events describe: with threshold.confirm-records = N, an episode starts at the first of the
 * N anomalous records in a row that confirm it, and a shorter run flags nothing; the static
 * threshold (the bundle's global threshold for every row); and the job's events themselves, one
 * flagged row per alert, whose rows are the change points NAB scores.
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
     * Runs every entity through decode, (for a windowed bundle) window, score and threshold;
     * returns [rolling, rolling episodes, static, events].
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
        DetectorOutput events = DetectorOutput.ofEvents(label + " events");
        try (OnnxScorer scorer =
                OnnxScorer.open(
                        bundle.modelBytes(),
                        m.modelId,
                        m.inputWidth(),
                        m.features.size(),
                        settings.scoreThreads)) {
            for (EntityRows e : entities) {
                float[][] rows = decode(decoder, e);
                if (m.entityBaseline != null) {
                    rows = baselined(rows, e.ts(), m.entityBaseline);
                }
                float[][] inputs = windows(rows, e.ts(), m.window, settings.windowMaxGap(m));
                double[] scores = score(scorer, inputs);
                DetectorOutput.Verdicts r = new DetectorOutput.Verdicts(e.size());
                DetectorOutput.Verdicts p = new DetectorOutput.Verdicts(e.size());
                DetectorOutput.Verdicts s = new DetectorOutput.Verdicts(e.size());
                DetectorOutput.Verdicts a = new DetectorOutput.Verdicts(e.size());
                ThresholdState state = new ThresholdState();
                List<Integer> pending = new ArrayList<>();
                for (int i = 0; i < scores.length; i++) {
                    r.score()[i] = scores[i];
                    p.score()[i] = scores[i];
                    s.score()[i] = scores[i];
                    a.score()[i] = scores[i];
                    if (inputs[i] == null) {
                        // Unscored (a window's or a baseline's warm-up), as ThresholdFunction: no
                        // verdict, no
                        // learning, no alert.
                        continue;
                    }
                    Decision d = rule.observe(state, scores[i], e.ts()[i]);
                    r.flagged()[i] = d.isAnomalous();
                    r.alert()[i] = d.isAlert();
                    boolean confirming = d.kind() == Decision.Kind.PENDING;
                    p.flagged()[i] =
                            (d.isAnomalous() && !confirming) || rule.inEpisode(state, e.ts()[i]);
                    p.alert()[i] = d.isAlert();
                    if (confirming) {
                        pending.add(i);
                    } else {
                        // The run an alert confirms is the start of its episode; any other
                        // verdict ends the run unconfirmed.
                        for (int j : d.isAlert() ? pending : List.<Integer>of()) {
                            p.flagged()[j] = true;
                        }
                        pending.clear();
                    }
                    s.flagged()[i] = !(scores[i] <= global);
                    a.flagged()[i] = d.isAlert();
                    a.alert()[i] = d.isAlert();
                }
                DetectorOutput.alertsByCooldown(e.ts(), s, settings.threshold.cooldownMillis());
                rolling.put(e.name(), r);
                episodes.put(e.name(), p);
                fixed.put(e.name(), s);
                events.put(e.name(), a);
            }
        }
        return List.of(rolling, episodes, fixed, events);
    }

    /**
     * What the scorer takes for each row: the row itself for a pointwise bundle; for a windowed one
     * the window it completes, assembled by the job's {@link WindowState} under the job's rules
     * (warm-up, gaps beyond {@code maxGap}, records out of order), or null where the job scores
     * nothing. A null row (a baseline's warm-up) stays out of the window, as in the job.
     */
    static float[][] windows(float[][] rows, long[] ts, int window, Duration maxGap) {
        if (window == 1) {
            return rows;
        }
        int features =
                Arrays.stream(rows).filter(r -> r != null).findFirst().map(r -> r.length).orElse(1);
        WindowState state = WindowState.empty(window, features);
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null
                    && state.offer(rows[i], ts[i], maxGap.toMillis()) == WindowState.Step.FULL) {
                out[i] = state.flatten(features);
            }
        }
        return out;
    }

    /**
     * What the scorer takes for each row of a bundle with per-entity baselines: the row
     * standardised by the entity's baseline, replayed in time order through the job's {@link
     * EntityBaseline}, or null for the rows of its warm-up, which the job leaves unscored.
     */
    static float[][] baselined(float[][] rows, long[] ts, Manifest.Baseline block) {
        EntityBaseline rule = EntityBaseline.of(block);
        BaselineState state = new BaselineState();
        float[][] out = new float[rows.length][];
        // The mean and spread are not kept: one set of arrays serves every row, z is copied out.
        EntityBaseline.Standardised z =
                EntityBaseline.Standardised.of(rows.length == 0 ? 0 : rows[0].length);
        for (int i = 0; i < rows.length; i++) {
            out[i] = rule.observe(state, rows[i], ts[i], z) ? z.z().clone() : null;
        }
        return out;
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

    /** Scores the non-null inputs in batches as the job does; NaN where there is no input. */
    private static double[] score(OnnxScorer scorer, float[][] inputs) {
        double[] out = new double[inputs.length];
        Arrays.fill(out, Double.NaN);
        float[][] batch = new float[BATCH][];
        int[] rowOf = new int[BATCH];
        int n = 0;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                batch[n] = inputs[i];
                rowOf[n++] = i;
            }
            if (n == BATCH || (i == inputs.length - 1 && n > 0)) {
                float[] s = scorer.score(batch, n).score();
                for (int k = 0; k < n; k++) {
                    out[rowOf[k]] = s[k];
                }
                n = 0;
            }
        }
        return out;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
