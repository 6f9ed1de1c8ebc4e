package dev.jube.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `jube` command. Subcommands are added as components land. */
@Command(
        name = "jube",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Kubernetes, written in Java.",
        subcommands = {CommandLine.HelpCommand.class, ServerCommand.class, AgentCommand.class, TokenCommand.class,
                ImagesCommand.class, ControllerManagerCommand.class, SchedulerCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    @Override
    public void run() {
        // `jube` alone prints usage, like kubectl does.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
