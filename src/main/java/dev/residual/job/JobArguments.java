package dev.residual.job;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Turns {@code --key value} (or {@code --key=value}) arguments into a Flink {@link Configuration}
 * of the job's options, refusing keys that are not options, so that a typo fails at start instead
 * of silently taking a default.
 */
public final class JobArguments {
    private JobArguments() {}

    private static final List<ConfigOption<?>> REQUIRED =
            List.of(ResidualOptions.BUNDLE, ResidualOptions.BOOTSTRAP_SERVERS);

    /** Parses the arguments; {@code --help} is not handled here. */
    public static Configuration parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new OptionsException(
                        "unexpected argument '" + arg + "': options are --key value");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new OptionsException("option --" + key + " needs a value");
            }
            checkKnown(key);
            values.put(key, value);
        }
        return Configuration.fromMap(values);
    }

    /** Whether {@code key} lies in the job's own namespaces, where Flink has no options. */
    static boolean isOurs(String key) {
        return key.equals("bundle")
                || key.equals("job.name")
                || key.startsWith("kafka.")
                || key.startsWith("delivery.")
                || key.startsWith("score.")
                || key.startsWith("window.")
                || key.startsWith("decode.")
                || key.startsWith("threshold.");
    }

    /** Throws unless {@code key} is a job option or a pass-through Kafka property. */
    public static void checkKnown(String key) {
        if (key.startsWith(ResidualOptions.KAFKA_PROPERTIES_PREFIX)
                && key.length() > ResidualOptions.KAFKA_PROPERTIES_PREFIX.length()) {
            return;
        }
        if (!knownKeys().contains(key)) {
            throw new OptionsException(
                    "unknown option --"
                            + key
                            + "; the options are "
                            + knownKeys()
                            + " and kafka.properties.<client property>. Flink's own options go"
                            + " in config.yaml or -D");
        }
    }

    private static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>();
        for (ConfigOption<?> option : ResidualOptions.ALL) {
            keys.add(option.key());
        }
        return keys;
    }

    private static String text(Object value) {
        return value instanceof Duration d
                ? TimeUtils.formatWithHighestUnit(d)
                : String.valueOf(value);
    }

    /** One line per option: key, default and description, for {@code --help}. */
    public static String help() {
        StringBuilder out = new StringBuilder();
        for (ConfigOption<?> option : ResidualOptions.ALL) {
            String dflt =
                    option.hasDefaultValue()
                            ? " (default " + text(option.defaultValue()) + ")"
                            : REQUIRED.contains(option) ? " (required)" : "";
            out.append("  --").append(option.key()).append(dflt).append("\n      ");
            out.append(new HtmlFormatter().format(option.description())).append('\n');
        }
        out.append("  --kafka.properties.<name> <value>\n")
                .append(
                        "      Any Kafka client property (SASL, TLS, ...) for the source and"
                                + " sinks.\n");
        return out.toString();
    }
}
