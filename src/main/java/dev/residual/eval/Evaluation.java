package dev.residual.eval;

import dev.residual.job.JobSettings;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.EntityBaseline;
import dev.residual.train.AutoencoderTrainer;
import dev.residual.train.BaselinedHistory;
import dev.residual.train.ConvAutoencoderTrainer;
import dev.residual.train.Corruption;
import dev.residual.train.DenseAutoencoderTrainer;
import dev.residual.train.HistorySource;
import dev.residual.train.ModelKind;
import dev.residual.train.RecurrentAutoencoderTrainer;
import dev.residual.train.Retrain;
import dev.residual.train.RetrainedModel;
import dev.residual.train.ScoreKind;
import dev.residual.train.VariationalAutoencoderTrainer;
import dev.residual.train.WindowScore;
import dev.residual.train.WindowedRetrain;
import dev.residual.train.WindowedTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One evaluation of a labelled set: fit on the protocol's training rows, replay every entity's rows
 * through each detector, and score the test rows. Detectors see {@link LabelledSet#unlabelled()}
 * only; {@link DetectorScore#of} alone reads the labels.
 *
 * @param kinds autoencoder kinds to train, each giving a rolling and a static detector
 * @param bundle a bundle to evaluate instead of training, or null
 * @param entityScaling standardise each entity by its own training rows first
 * @param jobOptions the job's options (key=value) the replay runs with
 * @param rcfShingle RandomCutForest's shingle length (our window), 0 to leave RCF out
 * @param jobCheck also run the job itself on a MiniCluster and require its alerts to be the
 *     replay's
 * @param window W, rows per window of the windowed kinds (conv, lstm, gru)
 * @param windowScore the windowed kinds' score over the window (window or last), null for their
 *     trainers' default
 * @param score what the dense kinds' score measures (retrain --score); a detector scored by
 *     reconstruction+latent is named {@code <kind>+latent}
 * @param baseline per-entity baselines to train every kind behind (the job then applies them, as
 *     the replay does), or null; a bundle brings its own
 * @param convChannels conv's channels per encoder level, empty for auto (retrain --hidden)
 * @param hiddenSize lstm's and gru's hidden units, 0 for auto (retrain --hidden-size)
 */
public record Evaluation(
        List<ModelKind> kinds,
        Path bundle,
        boolean entityScaling,
        int epochs,
        long seed,
        List<String> jobOptions,
        int rcfShingle,
        boolean jobCheck,
        int window,
        String windowScore,
        ScoreKind score,
        EntityBaseline baseline,
        int[] convChannels,
        int hiddenSize) {

    /**
     * Runs every detector on {@code set}; bundles it trains go under {@code out}/bundles, every
     * row's verdicts under {@code out}/scores.
     */
    public List<DetectorScore> run(LabelledSet set, Path out, PrintWriter log) throws IOException {
        return run(set, out, out.resolve("bundles"), log, null);
    }

    /**
     * As {@link #run(LabelledSet, Path, PrintWriter)}, with the bundles it trains under {@code
     * bundles}, and each bundle also replayed over {@code normalSet} (null for none), entities of
     * normal operation only ({@link Benchmarks#normal}): their scores, false alarms alone, follow
     * the set's, a label-free check of the settings.
     */
    public List<DetectorScore> run(
            LabelledSet set, Path out, Path bundles, PrintWriter log, LabelledSet normalSet)
            throws IOException {
        List<EntityRows> stream = set.unlabelled();
        List<EntityRows> normal = normalSet == null ? List.of() : normalSet.unlabelled();
        if (baseline != null) {
            requireTrainingFirst(stream);
        }
        if (entityScaling) {
            stream = EntityScaling.apply(stream);
            normal = EntityScaling.apply(normal);
        }
        List<DetectorOutput> normalOutputs = new ArrayList<>();
        List<DetectorOutput> outputs = new ArrayList<>();
        long cooldown = 0;
        if (bundle != null) {
            ModelBundle b = ModelBundle.load(bundle);
            JobSettings settings = settings(bundle, b, stream, log);
            cooldown = settings.threshold.cooldownMillis();
            outputs.addAll(replay(b, settings, stream, label(b), log));
            if (!normal.isEmpty()) {
                normalOutputs.addAll(falseAlarms(bundle, normal, label(b), log));
            }
        }
        for (ModelKind kind : bundle == null ? kinds : List.<ModelKind>of()) {
            log.printf(
                    "%s: training %s, score %s, on the training rows%n",
                    set.name(), kind.label(), kind.windowed() ? "reconstruction" : score.label());
            log.flush();
            RetrainedModel model =
                    retrain(kind, new TrainingRows(set.name(), set.featureNames(), stream));
            Path dir = Retrain.write(model, bundles, set.name() + "-" + kind.label(), false);
            JobSettings settings = settings(dir, ModelBundle.load(dir), stream, log);
            cooldown = settings.threshold.cooldownMillis();
            log.printf("%s: replaying %d entities through %s%n", set.name(), stream.size(), dir);
            log.flush();
            ModelBundle trained = ModelBundle.load(dir);
            outputs.addAll(replay(trained, settings, stream, label(trained), log));
            if (!normal.isEmpty()) {
                normalOutputs.addAll(falseAlarms(dir, normal, label(trained), log));
            }
        }
        if (rcfShingle > 0) {
            log.printf("%s: RandomCutForest, shingle %d%n", set.name(), rcfShingle);
            log.flush();
            outputs.add(RcfReplay.run(stream, rcfShingle, seed, cooldown));
        }
        Results.writeScores(out, set.name(), stream, outputs);
        List<DetectorScore> scores = new ArrayList<>();
        for (DetectorOutput o : outputs) {
            DetectorScore score = DetectorScore.of(set, o);
            if (score.unscoredTestRows() > 0) {
                log.printf(
                        "%s: %d test rows unscored (a window's or baseline's warm-up), counted as no alert%n",
                        o.name(), score.unscoredTestRows());
            }
            scores.add(score);
        }
        for (DetectorOutput o : normalOutputs) {
            scores.add(DetectorScore.of(normalSet, o));
        }
        return scores;
    }

    /**
     * The job's settings for a bundle: the user's options and, unless they set it, a threshold
     * warm-up of every entity's training rows, so that each entity's level and spread are learned
     * from its own normal rows, as the job streaming its history would, before any test row is
     * judged.
     */
    private JobSettings settings(
            Path dir, ModelBundle b, List<EntityRows> stream, PrintWriter log) {
        List<String> options = new ArrayList<>(jobOptions);
        boolean own = options.stream().anyMatch(o -> o.trim().startsWith(WARMUP + "="));
        int warmup = warmupRecords(stream, unscoredLead(b.manifest()));
        if (!own && warmup > 0) {
            options.add(WARMUP + "=" + warmup);
            log.printf(
                    "%s: %s=%d, the scored training rows of the entity with fewest%n",
                    b.manifest().modelId, WARMUP, warmup);
        }
        return AutoencoderReplay.settings(dir.toString(), options);
    }

    /**
     * The records the job leaves unscored at the start of an entity: the W − 1 a window warms up
     * with, and the warm-up of a per-entity baseline.
     */
    static int unscoredLead(Manifest m) {
        return m.window - 1 + (m.entityBaseline == null ? 0 : m.entityBaseline.warmupRecords);
    }

    /**
     * The scored training rows of the entity with fewest: its training rows before its first test
     * row, less the {@code lead} rows the job leaves unscored first (see {@link #unscoredLead}); 0
     * when an entity starts with a test row.
     */
    static int warmupRecords(List<EntityRows> stream, int lead) {
        int min = Integer.MAX_VALUE;
        for (EntityRows e : stream) {
            int leading = 0;
            while (leading < e.size() && e.train()[leading]) {
                leading++;
            }
            min = Math.min(min, leading - lead);
        }
        return Math.max(0, min == Integer.MAX_VALUE ? 0 : min);
    }

    /**
     * The replay of the job's classes, checked, when asked, against the job itself: the same rows
     * must alert in both, or the evaluation would not be measuring what runs in production.
     */
    private List<DetectorOutput> replay(
            ModelBundle b,
            JobSettings settings,
            List<EntityRows> stream,
            String label,
            PrintWriter log)
            throws IOException {
        List<DetectorOutput> outputs = AutoencoderReplay.run(b, settings, stream, label);
        if (!jobCheck) {
            return outputs;
        }
        Set<String> replayed = JobReplay.alerts(outputs.get(0), stream);
        Set<String> job;
        try {
            job = JobReplay.alerts(b, settings, stream);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the job's run on a MiniCluster failed: " + e, e);
        }
        if (!job.equals(replayed)) {
            Set<String> onlyJob = new TreeSet<>(job);
            onlyJob.removeAll(replayed);
            Set<String> onlyReplay = new TreeSet<>(replayed);
            onlyReplay.removeAll(job);
            throw new IllegalStateException(
                    String.format(
                            "the job alerted %d times, the replay %d; only the job: %s; only the"
                                    + " replay: %s",
                            job.size(), replayed.size(), first(onlyJob), first(onlyReplay)));
        }
        log.printf(
                "%s: the job on a MiniCluster alerted on the same %d rows as the replay%n",
                label, job.size());
        log.flush();
        return outputs;
    }

    /**
     * The detectors' name: the bundle's kind, with {@code +latent} when its score is
     * reconstruction+latent, so that runs of both scores stay apart in results.md.
     */
    private static String label(ModelBundle b) {
        boolean latent = ScoreKind.RECONSTRUCTION_LATENT.label().equals(b.manifest().scoreKind());
        return b.manifest().kind + (latent ? "+latent" : "");
    }

    /**
     * Logs the false alarm rate of a bundle on data with no anomaly: the share of test rows the
     * rolling threshold flags, and of those in an open episode, and the job's events.
     */
    private List<DetectorOutput> falseAlarms(
            Path dir, List<EntityRows> normal, String label, PrintWriter log) {
        ModelBundle b = ModelBundle.load(dir);
        List<DetectorOutput> outputs =
                AutoencoderReplay.run(b, settings(dir, b, normal, log), normal, label);
        long rows = 0;
        long[] flagged = new long[2];
        long events = 0;
        for (EntityRows e : normal) {
            for (int i = 0; i < e.size(); i++) {
                if (e.train()[i]) {
                    continue;
                }
                rows++;
                flagged[0] += outputs.get(0).of(e.name()).flagged()[i] ? 1 : 0;
                flagged[1] += outputs.get(1).of(e.name()).flagged()[i] ? 1 : 0;
                events += outputs.get(0).of(e.name()).alert()[i] ? 1 : 0;
            }
        }
        log.printf(
                Locale.ROOT,
                "%s: normal data, %d entities, %d test rows: rolling FAR %.2f%% (%d rows),"
                        + " rolling episodes FAR %.2f%%, %d events%n",
                label,
                normal.size(),
                rows,
                100.0 * flagged[0] / Math.max(1, rows),
                flagged[0],
                100.0 * flagged[1] / Math.max(1, rows),
                events);
        log.flush();
        return outputs;
    }

    /**
     * A per-entity baseline warms up on an entity's first records, in the job and in the replay;
     * training takes its baseline from the training rows. They are the same records only when each
     * entity's training rows come first (SKAB's first 400; not ODDS' shuffled split, nor a split
     * column that interleaves), so anything else is refused rather than trained askew.
     */
    static void requireTrainingFirst(List<EntityRows> stream) {
        for (EntityRows e : stream) {
            boolean testSeen = false;
            for (int i = 0; i < e.size(); i++) {
                if (!e.train()[i]) {
                    testSeen = true;
                } else if (testSeen) {
                    throw new IllegalArgumentException(
                            "--entity-scaling baseline needs each entity's training rows before its"
                                    + " test rows, as the job would see them; entity "
                                    + e.name()
                                    + " has a training row (row "
                                    + (i + 1)
                                    + ") after a test row");
                }
            }
        }
    }

    private static final String WARMUP = "threshold.warmup-records";
    private static final double VALIDATION = 0.2;
    private static final double QUANTILE = 0.999;

    private static String first(Set<String> s) {
        return s.isEmpty() ? "none" : s.iterator().next() + (s.size() > 1 ? " ..." : "");
    }

    /**
     * Trains {@code kind} as {@code retrain --kind} does: the windowed kinds on windows of W
     * consecutive training rows of one entity, the others on the rows.
     */
    private RetrainedModel retrain(ModelKind kind, HistorySource rows) throws IOException {
        DenseAutoencoderTrainer.EpochListener quiet = (epoch, train, validation, n) -> {};
        if (kind.windowed()) {
            return new WindowedRetrain(windowedTrainer(kind), seed, VALIDATION, QUANTILE)
                    .train(BaselinedHistory.wrap(rows, baseline), quiet)
                    .behind(baseline);
        }
        return new Retrain(trainer(kind), seed, VALIDATION, QUANTILE)
                .score(score)
                .train(BaselinedHistory.wrap(rows, baseline), quiet)
                .behind(baseline);
    }

    /**
     * The convolutional or recurrent trainer, with {@code retrain}'s defaults but W, score and
     * capacity.
     */
    private WindowedTrainer windowedTrainer(ModelKind kind) {
        WindowScore score =
                windowScore == null ? WindowScore.WINDOW : WindowScore.parse(windowScore);
        if (kind == ModelKind.CONV) {
            return new ConvAutoencoderTrainer()
                    .seed(seed)
                    .window(window)
                    .windowScore(score)
                    .channels(convChannels)
                    .epochs(epochs);
        }
        return new RecurrentAutoencoderTrainer(kind)
                .seed(seed)
                .window(window)
                .windowScore(score)
                .hiddenSize(hiddenSize)
                .epochs(epochs);
    }

    private AutoencoderTrainer trainer(ModelKind kind) {
        DenseAutoencoderTrainer base = new DenseAutoencoderTrainer().seed(seed).epochs(epochs);
        switch (kind) {
            case DENOISING:
                return base.corruption(new Corruption(0.1, 0));
            case VAE:
                return new VariationalAutoencoderTrainer(base);
            default:
                return base;
        }
    }
}
