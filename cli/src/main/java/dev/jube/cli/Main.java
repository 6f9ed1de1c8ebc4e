package dev.jube.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `jube` command. Subcommands are added as components land. */
@Command(
        name = "jube",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Kubernetes, written in Java.",
        subcommands = {CommandLine.HelpCommand.class, ServerCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        // `jube` alone prints usage, like kubectl does.
        spec.commandLine().usage(System.out);
    }
}
