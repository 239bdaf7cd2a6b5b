package dev.residual.cli;

import dev.residual.eval.AutoencoderReplay;
import dev.residual.eval.Benchmarks;
import dev.residual.eval.DetectorScore;
import dev.residual.eval.Evaluation;
import dev.residual.eval.LabelledSet;
import dev.residual.eval.Results;
import dev.residual.model.ModelBundle;
import dev.residual.score.EntityBaseline;
import dev.residual.train.ModelKind;
import dev.residual.train.ScoreKind;
import dev.residual.train.WindowScore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code residual evaluate}: trains on a labelled benchmark's training rows, replays every row
 * through the job's decoder, scorer and threshold beside RandomCutForest, and writes the figures.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Train on a labelled benchmark's training rows, replay its rows through the job's"
                        + " own classes beside RandomCutForest, and write results.json and"
                        + " results.md.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
            names = "--dataset",
            required = true,
            description =
                    "skab (a directory of SKAB files: first 400 rows of each train), odds (one"
                            + " ODDS CSV: seeded 60/40 split) or csv (see --train-rows).")
    private String dataset;

    @Option(names = "--data", required = true, description = "The data: a directory or a CSV file.")
    private Path data;

    @Option(
            names = "--out",
            required = true,
            description =
                    "Directory for results and bundles; the bundles a run trains replace a"
                            + " previous run's bundles/ once the run is complete.")
    private Path out;

    @Option(
            names = "--kinds",
            defaultValue = "dense",
            split = ",",
            description =
                    "Autoencoder kinds to train, comma-separated: dense, denoising, vae, and the"
                            + " windowed conv, lstm, gru (default: ${DEFAULT-VALUE}).")
    private List<String> kinds;

    @Option(
            names = "--window",
            defaultValue = "16",
            description =
                    "conv, lstm, gru: rows per window, at least 2, as retrain --window (default:"
                            + " ${DEFAULT-VALUE}).")
    private int window;

    @Option(
            names = "--window-score",
            description =
                    "conv, lstm, gru: window (the mean over the window) or last (its last step), as"
                            + " retrain --window-score (default: the trainer's, window).")
    private String windowScore;

    @Option(
            names = "--score",
            defaultValue = "reconstruction",
            description =
                    "dense, denoising, vae: reconstruction or reconstruction+latent, as retrain"
                            + " --score; the detectors of reconstruction+latent are named"
                            + " <kind>+latent (default: ${DEFAULT-VALUE}).")
    private String score;

    @Option(
            names = "--hidden",
            defaultValue = "auto",
            description =
                    "conv: the channels of each convolution, as retrain --hidden, e.g. 16,8 (the"
                            + " dense kinds keep auto) (default: ${DEFAULT-VALUE}).")
    private String hidden;

    @Option(
            names = "--hidden-size",
            defaultValue = "auto",
            description =
                    "lstm, gru: hidden units of the recurrent encoder, as retrain --hidden-size"
                            + " (default: ${DEFAULT-VALUE}).")
    private String hiddenSize;

    @Option(
            names = "--bundle",
            description = "Evaluate this bundle instead of training (then --kinds is refused).")
    private Path bundle;

    @Option(
            names = "--entity-scaling",
            defaultValue = "none",
            description =
                    "none; train-rows: standardise each entity by the median and IQR of its own"
                            + " training rows before training and scoring; baseline: train the"
                            + " kinds behind per-entity rolling baselines, as retrain"
                            + " --entity-baseline, and replay through them as the job does"
                            + " (--baseline-warmup, --baseline-half-life, --baseline-clip)"
                            + " (default: ${DEFAULT-VALUE}).")
    private String entityScaling;

    @Mixin private BaselineOptions baselineOptions;

    @Option(
            names = "--epochs",
            defaultValue = "200",
            description = "Maximum training epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description =
                    "Seed of training, the odds split and the forest (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(
            names = "--train-fraction",
            defaultValue = "0.6",
            description = "odds only: share of rows that train (default: ${DEFAULT-VALUE}).")
    private double trainFraction;

    @Option(
            names = "--train-rows",
            description =
                    "csv without a split column: the first N rows of each entity train; with"
                            + " --normal-data, the rows each slice warms up on (default there: 400,"
                            + " SKAB's); refused elsewhere.")
    private Integer trainRows;

    @Option(
            names = "--slice-rows",
            defaultValue = "1200",
            description =
                    "--normal-data: rows per slice, each slice one entity (default:"
                            + " ${DEFAULT-VALUE}).")
    private int sliceRows;

    @Option(
            names = "--delimiter",
            defaultValue = ",",
            description =
                    "csv, and odds' --normal-data: the field delimiter; not for skab"
                            + " (default: ${DEFAULT-VALUE}).")
    private char delimiter;

    @Option(
            names = "--job-option",
            description =
                    "A scoring job option as key=value, e.g. threshold.cooldown=1min (repeatable).")
    private List<String> jobOptions = new ArrayList<>();

    @Option(
            names = "--alert-budget",
            description =
                    "Anomalous records per entity per day of event time the rolling threshold aims"
                            + " at on normal data, e.g. 1/day or 2/h: the job's"
                            + " threshold.alert-budget.")
    private String alertBudget;

    @Option(
            names = "--rcf-shingle",
            description =
                    "RandomCutForest's shingle length, 0 to leave it out (default: our window:"
                            + " --window when --kinds has a windowed kind, else 1).")
    private Integer rcfShingle;

    @Option(
            names = "--normal-data",
            paramLabel = "FILE",
            description =
                    "A CSV of normal operation only (SKAB's anomaly-free.csv; --delimiter, or ';'"
                            + " for skab), cut into slices of --slice-rows rows, each an entity"
                            + " warmed up on its first 400 (--train-rows): every bundle is also"
                            + " replayed over them and scored as the data set '<file> (normal)',"
                            + " false alarms only (FAR, false alerts per day), a label-free check"
                            + " of the settings.")
    private Path normalData;

    @Option(
            names = "--no-job-check",
            description =
                    "Skip running the scoring job itself on a local MiniCluster to check that it"
                            + " alerts on the same rows as the replay.")
    private boolean noJobCheck;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        checkDatasetOptions();
        if (bundle != null && spec.commandLine().getParseResult().hasMatchedOption("--kinds")) {
            throw new IllegalArgumentException(
                    "--kinds names the kinds evaluate trains; with --bundle it trains none");
        }
        List<ModelKind> modelKinds = parseKinds();
        refuseCapacityWithout(modelKinds);
        Evaluation evaluation =
                new Evaluation(
                        modelKinds,
                        bundle,
                        parseScaling(),
                        epochs,
                        seed,
                        jobOptions,
                        shingle(modelKinds),
                        !noJobCheck,
                        window,
                        windowScore,
                        parseScore(modelKinds),
                        baseline(),
                        SizeOptions.sizes("--hidden", hidden),
                        SizeOptions.size("--hidden-size", hiddenSize));
        if (alertBudget != null) {
            jobOptions.add("threshold.alert-budget=" + alertBudget);
        }
        checkWindow();
        // A wrong job option fails now, naming it, not after the training.
        AutoencoderReplay.settings(bundle == null ? "unset" : bundle.toString(), jobOptions);
        LabelledSet set = read();
        Path bundles = bundle == null ? RunBundles.staging(out) : out.resolve("bundles");
        List<DetectorScore> scores = evaluation.run(set, out, bundles, stdout, normal(set));
        if (bundle == null) {
            RunBundles.replace(out, stdout);
        }
        Results.write(out, scores);
        stdout.print(Results.markdown(scores));
        stdout.println(
                "results in " + out.resolve(Results.JSON_FILE) + " and " + Results.MARKDOWN_FILE);
        return 0;
    }

    private LabelledSet read() throws java.io.IOException {
        switch (dataset) {
            case "skab":
                return Benchmarks.skab(data);
            case "odds":
                return Benchmarks.odds(data, trainFraction, seed);
            default:
                return Benchmarks.csv(data, delimiter, trainRows);
        }
    }

    /** The slices of {@code --normal-data}, in the set's features; null without it. */
    private LabelledSet normal(LabelledSet set) throws java.io.IOException {
        if (normalData == null) {
            return null;
        }
        char sep = dataset.equals("skab") ? ';' : delimiter;
        try {
            int warmup = trainRows != null ? trainRows : Benchmarks.SKAB_TRAIN_ROWS;
            return Benchmarks.normal(normalData, sep, set.featureNames(), warmup, sliceRows);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--normal-data: " + e.getMessage(), e);
        }
    }

    private List<ModelKind> parseKinds() {
        List<ModelKind> out = new ArrayList<>();
        for (String k : kinds) {
            ModelKind kind = RetrainCommand.named("--kinds", () -> ModelKind.parse(k.trim()));
            if (out.contains(kind)) {
                throw new IllegalArgumentException("--kinds names " + kind.label() + " twice");
            }
            out.add(kind);
        }
        return out;
    }

    /**
     * The options of the data sets, checked before any data is read: each in its range, and an
     * option of another data set refused, naming it, rather than ignored.
     */
    private void checkDatasetOptions() {
        if (!List.of("skab", "odds", "csv").contains(dataset)) {
            throw new IllegalArgumentException(
                    "--dataset must be skab, odds or csv, got '" + dataset + "'");
        }
        var parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--train-fraction") && !dataset.equals("odds")) {
            throw new IllegalArgumentException(
                    "--train-fraction applies to --dataset odds, not " + dataset);
        }
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException(
                    "--train-fraction must be between 0 and 1, got " + trainFraction);
        }
        if (trainRows != null && !dataset.equals("csv") && normalData == null) {
            throw new IllegalArgumentException(
                    "--train-rows applies to --dataset csv or with --normal-data, not "
                            + dataset
                            + " alone");
        }
        if (trainRows != null && trainRows < 1) {
            throw new IllegalArgumentException("--train-rows must be at least 1, got " + trainRows);
        }
        boolean csvFile = dataset.equals("csv") || dataset.equals("odds") && normalData != null;
        if (parsed.hasMatchedOption("--delimiter") && !csvFile) {
            throw new IllegalArgumentException(
                    "--delimiter applies to --dataset csv (and odds' --normal-data), not "
                            + dataset
                            + (dataset.equals("skab") ? ", whose files are ';'-separated" : ""));
        }
        if (sliceRows < 2) {
            throw new IllegalArgumentException("--slice-rows must be at least 2, got " + sliceRows);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be positive, got " + epochs);
        }
    }

    /** RandomCutForest's shingle: as given, or the window of the kinds evaluated. */
    private int shingle(List<ModelKind> modelKinds) {
        if (rcfShingle != null) {
            if (rcfShingle < 0) {
                throw new IllegalArgumentException(
                        "--rcf-shingle must be 0 (no forest) or more, got " + rcfShingle);
            }
            return rcfShingle;
        }
        if (bundle != null) {
            return ModelBundle.load(bundle).manifest().window;
        }
        return modelKinds.stream().anyMatch(EvaluateCommand::windowed) ? window : 1;
    }

    private static boolean windowed(ModelKind kind) {
        return kind.windowed();
    }

    /** --hidden needs conv among the kinds, --hidden-size lstm or gru: they apply to no other. */
    private void refuseCapacityWithout(List<ModelKind> modelKinds) {
        var parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--slice-rows") && normalData == null) {
            throw new IllegalArgumentException("--slice-rows applies with --normal-data");
        }
        if (bundle != null
                && (parsed.hasMatchedOption("--hidden")
                        || parsed.hasMatchedOption("--hidden-size"))) {
            throw new IllegalArgumentException(
                    "--hidden and --hidden-size apply to the kinds evaluate trains, not to --bundle");
        }
        if (parsed.hasMatchedOption("--hidden") && !modelKinds.contains(ModelKind.CONV)) {
            throw new IllegalArgumentException(
                    "--hidden applies to --kinds conv, not " + String.join(",", kinds));
        }
        if (parsed.hasMatchedOption("--hidden-size")
                && modelKinds.stream().noneMatch(ModelKind::recurrent)) {
            throw new IllegalArgumentException(
                    "--hidden-size applies to --kinds lstm or gru, not " + String.join(",", kinds));
        }
    }

    /** The windowed kinds' options, checked before any training. */
    private void checkWindow() {
        if (window < 2) {
            throw new IllegalArgumentException("--window must be at least 2, got " + window);
        }
        if (windowScore != null) {
            try {
                WindowScore.parse(windowScore);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--window-score: " + e.getMessage(), e);
            }
        }
    }

    /** The score of the kinds trained; reconstruction+latent only for the dense kinds. */
    private ScoreKind parseScore(List<ModelKind> modelKinds) {
        ScoreKind parsed;
        try {
            parsed = ScoreKind.parse(score);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--score: " + e.getMessage(), e);
        }
        if (parsed == ScoreKind.RECONSTRUCTION_LATENT) {
            if (bundle != null) {
                throw new IllegalArgumentException(
                        "--score applies to the kinds evaluate trains, not to --bundle");
            }
            for (ModelKind kind : modelKinds) {
                if (kind.windowed()) {
                    throw new IllegalArgumentException(
                            "--score "
                                    + parsed.label()
                                    + " applies to the dense kinds (dense, denoising, vae), not "
                                    + kind.label());
                }
            }
        }
        return parsed;
    }

    private boolean parseScaling() {
        if (!List.of("none", "train-rows", "baseline").contains(entityScaling)) {
            throw new IllegalArgumentException(
                    "--entity-scaling must be none, train-rows or baseline, got '"
                            + entityScaling
                            + "'");
        }
        return entityScaling.equals("train-rows");
    }

    /** The per-entity baseline of {@code --entity-scaling baseline}, checked; null otherwise. */
    private EntityBaseline baseline() {
        boolean on = entityScaling.equals("baseline");
        EntityBaseline b = baselineOptions.baseline(on, "--entity-scaling baseline");
        if (on && bundle != null) {
            throw new IllegalArgumentException(
                    "--entity-scaling baseline trains behind a baseline; a --bundle brings its own"
                            + " (entity_baseline in its manifest) or none");
        }
        return b;
    }
}
