package dev.residual.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code residual} command: retraining and the other offline tools, one subcommand each. A
 * wrong option prints the problem and the usage; a failure while running prints its message, not a
 * stack trace.
 */
@Command(
        name = "residual",
        mixinStandardHelpOptions = true,
        version = "residual 0.1.0",
        description = "Anomaly detection by autoencoder reconstruction error.",
        subcommands = {
            RetrainCommand.class,
            InspectCommand.class,
            BundleCommand.class,
            EncodeCommand.class,
            DenoiseCommand.class,
            GenerateCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            EvaluateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Residual implements Runnable {
    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        // Marked, so that a command can tell the process's stdout from a writer a caller passed.
        cli.setOut(new Stdout(cli.getOut()));
        System.exit(cli.execute(args));
    }

    /** The process's stdout as picocli opens it, marked as such: only main creates one. */
    static final class Stdout extends PrintWriter {
        private Stdout(PrintWriter picocliStdout) {
            super(picocliStdout, true);
        }
    }

    /** The configured command line, for main and for tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Residual());
        cli.setExecutionExceptionHandler(Residual::reportFailure);
        cli.setParameterExceptionHandler(Residual::reportMisuse);
        return cli;
    }

    /** A wrong option: name it, suggest the closest ones, and show the usage of the command. */
    private static int reportMisuse(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getColorScheme().errorText(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        cli.usage(err, cli.getColorScheme());
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A failed run is the user's to fix: say what went wrong in one line. */
    private static int reportFailure(
            Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        err.println(cli.getColorScheme().errorText("error: " + describe(e)));
        return cli.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }

    /** Without a subcommand, show what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
