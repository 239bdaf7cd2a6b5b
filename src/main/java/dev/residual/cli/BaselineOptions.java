package dev.residual.cli;

import dev.residual.score.EntityBaseline;
import java.time.Duration;
import java.util.List;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The per-entity baseline's settings, shared by {@code retrain} ({@code --entity-baseline}) and
 * {@code evaluate} ({@code --entity-scaling baseline}): they go into the bundle, and the job takes
 * them from there. Given without the baseline, they are refused, naming them.
 */
public final class BaselineOptions {
    private static final List<String> OPTIONS =
            List.of("--baseline-warmup", "--baseline-half-life", "--baseline-clip");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(
            names = "--baseline-warmup",
            defaultValue = "100",
            description =
                    "Entity baseline: each entity's first N records, which start its mean and"
                            + " spread and are not scored (nor trained on) (default:"
                            + " ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(
            names = "--baseline-half-life",
            defaultValue = "1h",
            description =
                    "Entity baseline: event time over which a record's weight in its entity's"
                            + " baseline halves, e.g. 30min, 1h; 0 freezes the baseline after the"
                            + " warm-up (default: ${DEFAULT-VALUE}).")
    private String halfLife;

    @Option(
            names = "--baseline-clip",
            defaultValue = "3",
            description =
                    "Entity baseline: a deviation beyond C standard deviations moves the baseline"
                            + " as one of C would (default: ${DEFAULT-VALUE}).")
    private double clip;

    /**
     * The baseline the options describe, checked; null when {@code on} is false, after refusing any
     * of them given, since they would do nothing.
     *
     * @param what the option that turns the baseline on, for the message
     */
    public EntityBaseline baseline(boolean on, String what) {
        if (!on) {
            for (String option : OPTIONS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " applies with " + what);
                }
            }
            return null;
        }
        if (warmup < 2) {
            throw new IllegalArgumentException(
                    "--baseline-warmup must be at least 2 records, got " + warmup);
        }
        if (!(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("--baseline-clip must be positive, got " + clip);
        }
        return new EntityBaseline(warmup, halfLifeMillis(), clip);
    }

    private long halfLifeMillis() {
        Duration d;
        try {
            d = TimeUtils.parseDuration(halfLife);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--baseline-half-life must be a duration such as 30min or 1h, got '"
                            + halfLife
                            + "': "
                            + e.getMessage(),
                    e);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(
                    "--baseline-half-life must be 0 or positive, got " + halfLife);
        }
        long millis;
        try {
            millis = d.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "--baseline-half-life is too long to count in milliseconds: " + halfLife, e);
        }
        if (millis == 0 && !d.isZero()) {
            // Rounded down it would silently freeze the baseline, the opposite of what was asked.
            throw new IllegalArgumentException(
                    "--baseline-half-life must be 0 (frozen) or at least 1 ms, got " + halfLife);
        }
        return millis;
    }
}
