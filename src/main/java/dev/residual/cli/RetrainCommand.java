package dev.residual.cli;

import dev.residual.model.BundleException;
import dev.residual.model.BundleWriter;
import dev.residual.score.EntityBaseline;
import dev.residual.train.Activation;
import dev.residual.train.AutoencoderTrainer;
import dev.residual.train.BaselinedHistory;
import dev.residual.train.ConvAutoencoderTrainer;
import dev.residual.train.Corruption;
import dev.residual.train.DenseAutoencoderTrainer;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code residual retrain}: trains an autoencoder on normal history and writes a verified bundle
 * into a models directory, optionally making it the live one.
 */
@Command(
        name = "retrain",
        mixinStandardHelpOptions = true,
        description = "Train a model on normal history and write a verified bundle.")
public final class RetrainCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Mixin private HistoryInput input;

    @Option(
            names = "--entity-baseline",
            description =
                    "Standardise each entity's features by its own rolling mean and spread"
                            + " (--baseline-warmup, --baseline-half-life, --baseline-clip) before"
                            + " training; the bundle records it and the job then does the same"
                            + " before scoring.")
    private boolean entityBaseline;

    @Mixin private BaselineOptions baselineOptions;

    @Option(
            names = "--kind",
            defaultValue = "dense",
            description =
                    "Model kind: dense, denoising (trained on corrupted copies of the rows), vae"
                            + " (variational, scored through its posterior mean), conv (1-D"
                            + " convolutions over windows of --window rows), lstm or gru (a"
                            + " recurrent encoder over windows of --window rows) (default:"
                            + " ${DEFAULT-VALUE}).")
    private String kind;

    @Option(
            names = "--noise-std",
            defaultValue = "0.1",
            description =
                    "denoising: std of the Gaussian noise added to the standardised training"
                            + " values (default: ${DEFAULT-VALUE}).")
    private double noiseStd;

    @Option(
            names = "--mask-fraction",
            defaultValue = "0",
            description =
                    "denoising: share of the standardised training values set to 0, the"
                            + " feature's mean (default: ${DEFAULT-VALUE}).")
    private double maskFraction;

    @Option(
            names = "--beta",
            defaultValue = "1",
            description =
                    "vae: weight of the KL term, per feature, against the reconstruction error"
                            + " (default: ${DEFAULT-VALUE}).")
    private double beta;

    @Option(
            names = "--kl-warmup",
            defaultValue = "0",
            description =
                    "vae: epochs over which the KL weight rises linearly to --beta; early"
                            + " stopping starts after them (default: ${DEFAULT-VALUE}).")
    private int klWarmup;

    @Option(
            names = "--vae-score",
            defaultValue = "reconstruction",
            description =
                    "vae: reconstruction (error of the decoded posterior mean) or elbo (plus"
                            + " beta/F times the KL of the posterior: the negative ELBO)"
                            + " (default: ${DEFAULT-VALUE}).")
    private String vaeScore;

    @Option(
            names = "--score",
            defaultValue = "reconstruction",
            description =
                    "dense, denoising, vae: reconstruction (the kind's reconstruction score; with"
                            + " --vae-score elbo the negative ELBO) or"
                            + " reconstruction+latent (that over its mean on the training rows,"
                            + " plus the latent code's Hotelling T² over its mean there) (default:"
                            + " ${DEFAULT-VALUE}).")
    private String score;

    @Option(
            names = "--window",
            defaultValue = "16",
            description =
                    "conv, lstm, gru: rows per window, W >= 2: consecutive rows of one entity (the"
                            + " CSV's entity column, the records' entity), in time order, a window"
                            + " broken by a step in time over 10 times the typical one (default:"
                            + " ${DEFAULT-VALUE}).")
    private int window;

    @Option(
            names = "--window-score",
            defaultValue = "window",
            description =
                    "conv, lstm, gru: score and feature errors as the mean over the whole window"
                            + " (window) or of its last row only (last) (default:"
                            + " ${DEFAULT-VALUE}).")
    private String windowScore;

    @Option(
            names = "--hidden-size",
            defaultValue = "auto",
            description =
                    "lstm, gru: hidden units of the recurrent encoder, the latent size; auto is the"
                            + " principal components of the training windows that explain 95%% of"
                            + " their variance (default: ${DEFAULT-VALUE}).")
    private String hiddenSize;

    @Option(
            names = "--out",
            required = true,
            description = "Models directory; the bundle goes into DIR/<kind>-<yyyyMMdd-HHmmss>.")
    private Path out;

    @Option(
            names = "--name",
            description =
                    "Bundle directory name instead of <kind>-<yyyyMMdd-HHmmss>; one taken in"
                            + " --out is refused before training.")
    private String name;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description =
                    "Seed of initialisation, split and batch order (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(
            names = "--epochs",
            defaultValue = "200",
            description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(
            names = "--patience",
            defaultValue = "10",
            description =
                    "Stop after this many epochs without validation improvement (lstm, gru:"
                            + " without improving it by 1%% in all) (default: ${DEFAULT-VALUE}).")
    private int patience;

    @Option(
            names = "--hidden",
            defaultValue = "auto",
            description =
                    "Encoder layer sizes down to the latent size, e.g. 16,4; auto is a latent size"
                            + " of the principal components of the standardised training rows"
                            + " that explain 95%% of their variance, after a layer halfway"
                            + " between it and F; for"
                            + " conv, the channels of each convolution, each halving the window;"
                            + " auto is max(F,c),c with the bottleneck's c channels x W/4 steps"
                            + " carrying the principal components of the training windows that"
                            + " explain 95%% of their variance; not for lstm, gru (see"
                            + " --hidden-size) (default:"
                            + " ${DEFAULT-VALUE}).")
    private String hidden;

    @Option(
            names = "--activation",
            defaultValue = "tanh",
            description =
                    "Hidden activation: tanh or relu; dense kinds and conv (default:"
                            + " ${DEFAULT-VALUE}).")
    private String activation;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.003",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(
            names = "--batch-size",
            defaultValue = "64",
            description = "Rows per gradient step (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(
            names = "--weight-decay",
            defaultValue = "0",
            description =
                    "L2 penalty on the weights; dense kinds only (default: ${DEFAULT-VALUE}).")
    private double weightDecay;

    @Option(
            names = "--validation-fraction",
            defaultValue = "0.2",
            description =
                    "Share of rows held out for early stopping and calibration, in (0, 1) (default:"
                            + " ${DEFAULT-VALUE}).")
    private double validationFraction;

    @Option(
            names = "--threshold-quantile",
            defaultValue = "0.999",
            description =
                    "Quantile of validation scores used as the global threshold, in (0, 1) (default:"
                            + " ${DEFAULT-VALUE}).")
    private double thresholdQuantile;

    @Option(
            names = "--publish",
            description =
                    "Point DIR/CURRENT at the new bundle; a running job reads it only when"
                            + " resubmitted (default: ${DEFAULT-VALUE}).")
    private boolean publish;

    @Option(
            names = "--no-progress",
            description = "One plain line per epoch even on a terminal, instead of a progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        ModelKind modelKind = named("--kind", () -> ModelKind.parse(kind));
        refuseOtherKindsOptions(modelKind);
        EntityBaseline baseline = baselineOptions.baseline(entityBaseline, "--entity-baseline");
        Object trainer =
                modelKind == ModelKind.CONV
                        ? convTrainer()
                        : modelKind.recurrent() ? recurrentTrainer(modelKind) : trainer(modelKind);
        String bundle = name != null ? name : defaultName();
        checkSplitAndTarget(bundle);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("training " + trainer + " on " + input.label());
        boolean bar =
                EpochReporter.useBar(
                        noProgress, System.console() != null, stdout instanceof Residual.Stdout);
        RetrainedModel model;
        try (EpochReporter reporter = EpochReporter.of(bar, stdout, System.out, epochs)) {
            model = train(trainer, reporter, baseline);
            reporter.finish(model.model().epochsRun());
        }
        Path dir = Retrain.write(model, out, bundle, publish);
        summarise(stdout, model, dir);
        return 0;
    }

    /**
     * What is checked only after training otherwise: the validation split, the threshold quantile,
     * and the bundle's place (a taken --name), all before a row is read.
     */
    private void checkSplitAndTarget(String bundle) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException(
                    "--validation-fraction must be in (0, 1), got " + validationFraction);
        }
        if (!(thresholdQuantile > 0 && thresholdQuantile < 1)) {
            throw new IllegalArgumentException(
                    "--threshold-quantile must be in (0, 1), got " + thresholdQuantile);
        }
        try {
            BundleWriter.checkName(bundle);
        } catch (BundleException e) {
            throw new IllegalArgumentException("--name: " + e.getMessage(), e);
        }
        if (Files.exists(out.resolve(bundle))) {
            throw new IllegalArgumentException(
                    "--name "
                            + bundle
                            + ": "
                            + out.resolve(bundle)
                            + " already exists; not overwriting a bundle");
        }
    }

    /** {@code parse}'s value, its error prefixed with {@code option} when it does not name it. */
    static <T> T named(String option, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).startsWith(option)) {
                throw e;
            }
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** An option of another kind is most likely a mistake in the kind: say so, not ignore it. */
    private void refuseOtherKindsOptions(ModelKind modelKind) {
        var parsed = spec.commandLine().getParseResult();
        for (String option :
                List.of("--noise-std", "--mask-fraction", "--beta", "--kl-warmup", "--vae-score")) {
            boolean denoising = option.equals("--noise-std") || option.equals("--mask-fraction");
            ModelKind owner = denoising ? ModelKind.DENOISING : ModelKind.VAE;
            if (parsed.hasMatchedOption(option) && owner != modelKind) {
                throw new IllegalArgumentException(
                        option + " applies to --kind " + owner.label() + ", not " + kind);
            }
        }
        for (String option : List.of("--window", "--window-score")) {
            if (parsed.hasMatchedOption(option) && !modelKind.windowed()) {
                throw new IllegalArgumentException(
                        option + " applies to the windowed kinds (conv, lstm, gru), not " + kind);
            }
        }
        if (parseScore() != ScoreKind.RECONSTRUCTION && modelKind.windowed()) {
            throw new IllegalArgumentException(
                    "--score "
                            + score
                            + " applies to the dense kinds (dense, denoising, vae), not "
                            + kind);
        }
        if (parsed.hasMatchedOption("--hidden-size") && !modelKind.recurrent()) {
            throw new IllegalArgumentException(
                    "--hidden-size applies to --kind lstm or gru, not " + kind);
        }
        for (String option : List.of("--hidden", "--activation")) {
            if (parsed.hasMatchedOption(option) && modelKind.recurrent()) {
                throw new IllegalArgumentException(
                        option + " applies to the dense kinds and conv, not " + kind);
            }
        }
        if (parsed.hasMatchedOption("--weight-decay") && modelKind.windowed()) {
            throw new IllegalArgumentException(
                    "--weight-decay applies to the dense kinds, not " + kind);
        }
    }

    /**
     * Trains with the retraining of {@code trainer}'s kind: convolutional, recurrent, pointwise.
     */
    private RetrainedModel train(Object trainer, EpochReporter reporter, EntityBaseline baseline)
            throws IOException {
        if (trainer instanceof WindowedTrainer windowed) {
            return new WindowedRetrain(windowed, seed, validationFraction, thresholdQuantile)
                    .train(BaselinedHistory.wrap(input.open(), baseline), reporter)
                    .behind(baseline);
        }
        return new Retrain(
                        (AutoencoderTrainer) trainer, seed, validationFraction, thresholdQuantile)
                .score(parseScore())
                .train(BaselinedHistory.wrap(input.open(), baseline), reporter)
                .behind(baseline);
    }

    private ScoreKind parseScore() {
        return named("--score", () -> ScoreKind.parse(score));
    }

    private ConvAutoencoderTrainer convTrainer() {
        ConvAutoencoderTrainer t =
                new ConvAutoencoderTrainer()
                        .seed(seed)
                        .window(window)
                        .windowScore(named("--window-score", () -> WindowScore.parse(windowScore)))
                        .activation(named("--activation", () -> Activation.parse(activation)))
                        .epochs(epochs)
                        .patience(patience)
                        .batchSize(batchSize)
                        .learningRate(learningRate);
        t.channels(SizeOptions.sizes("--hidden", hidden));
        return t;
    }

    private RecurrentAutoencoderTrainer recurrentTrainer(ModelKind modelKind) {
        return new RecurrentAutoencoderTrainer(modelKind)
                .seed(seed)
                .window(window)
                .windowScore(named("--window-score", () -> WindowScore.parse(windowScore)))
                .hiddenSize(SizeOptions.size("--hidden-size", hiddenSize))
                .epochs(epochs)
                .patience(patience)
                .batchSize(batchSize)
                .learningRate(learningRate);
    }

    private AutoencoderTrainer trainer(ModelKind modelKind) {
        DenseAutoencoderTrainer base = denseTrainer();
        switch (modelKind) {
            case DENOISING:
                Corruption corruption = new Corruption(noiseStd, maskFraction);
                if (corruption.isNone()) {
                    throw new IllegalArgumentException(
                            "--kind denoising needs --noise-std or --mask-fraction above 0");
                }
                return base.corruption(corruption);
            case VAE:
                return new VariationalAutoencoderTrainer(base)
                        .beta(beta)
                        .klWarmup(klWarmup)
                        .score(vaeScore);
            default:
                return base;
        }
    }

    private DenseAutoencoderTrainer denseTrainer() {
        DenseAutoencoderTrainer t =
                new DenseAutoencoderTrainer()
                        .seed(seed)
                        .activation(named("--activation", () -> Activation.parse(activation)))
                        .epochs(epochs)
                        .patience(patience)
                        .batchSize(batchSize)
                        .learningRate(learningRate)
                        .weightDecay(weightDecay);
        int[] sizes = SizeOptions.sizes("--hidden", hidden);
        if (sizes.length > 0) {
            t.hidden(sizes);
        }
        return t;
    }

    private String defaultName() {
        return named("--kind", () -> ModelKind.parse(kind)).label()
                + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    private void summarise(PrintWriter stdout, RetrainedModel model, Path dir) {
        var m = model.manifest();
        var t = model.model();
        stdout.printf(
                Locale.ROOT, "bundle     %s%s%n", dir, publish ? " (published as CURRENT)" : "");
        stdout.printf(Locale.ROOT, "model id   %s%n", m.modelId);
        stdout.printf(
                Locale.ROOT,
                "threshold  %.6f (q%s of %d validation scores)%n",
                m.calibration.threshold,
                m.calibration.thresholdQuantile,
                m.calibration.rows);
        if (m.latentScore != null) {
            stdout.printf(
                    Locale.ROOT,
                    "score      %s: reconstruction / %.6g + T² / %.4g, k = %d%n",
                    m.score,
                    m.latentScore.reconstructionMean,
                    m.latentScore.t2Mean,
                    m.latentScore.latentDim);
        }
        // A windowed model trains and validates on windows: say so, with their length.
        String unit = m.window > 1 ? "windows" : "rows";
        stdout.printf(
                Locale.ROOT,
                "%-10s %d train, %d validation%s, %d features%n",
                unit,
                t.trainRows(),
                t.validationRows(),
                m.window > 1 ? " (of " + m.window + " rows)" : "",
                m.features.size());
        if (m.window > 1) {
            // The job cuts served windows at this gap unless window.max-gap says otherwise.
            Long gap = m.windowGapMillis();
            stdout.printf(
                    Locale.ROOT,
                    "gap        %s%n",
                    gap == null
                            ? "none (rows without distinct event times): the job's window.max-gap"
                                    + " default, 10 min"
                            : Duration.ofMillis(gap)
                                    + " between two rows of an entity starts a new window (the"
                                    + " job's window.max-gap default)");
        }
        // Auto capacity is chosen from the data: say what it came to.
        stdout.printf(Locale.ROOT, "latent     %s values%n", m.architecture.get("latent_dim"));
        stdout.printf(
                Locale.ROOT,
                "time       %.1f s, %d epochs%s, %,.0f %s/s%n",
                t.seconds(),
                t.epochsRun(),
                t.epochsRun() < epochs ? " (early stop, max " + epochs + ")" : "",
                t.rowsPerSecond(),
                unit);
        StringBuilder skipped = new StringBuilder();
        t.provenance()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith("data.skipped.")) {
                                skipped.append(skipped.length() == 0 ? "" : ", ")
                                        .append(key.substring("data.skipped.".length()))
                                        .append(": ")
                                        .append(value);
                            }
                        });
        if (skipped.length() > 0) {
            stdout.println("skipped    " + skipped);
        }
    }
}
