package dev.jube.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `jube` command. Subcommands are added as components land. */
@Command(
        name = "jube",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Kubernetes, written in Java.",
        subcommands = CommandLine.HelpCommand.class)
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("server", ServerCommand::new);
        SUBCOMMANDS.put("agent", AgentCommand::new);
        SUBCOMMANDS.put("token", TokenCommand::new);
        SUBCOMMANDS.put("images", ImagesCommand::new);
        SUBCOMMANDS.put("controller-manager", ControllerManagerCommand::new);
        SUBCOMMANDS.put("scheduler", SchedulerCommand::new);
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        // Picocli reads every command's annotations up front, a fifth of a second of each start;
        // when the first argument names a command, only that one is read.
        Supplier<Object> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        SUBCOMMANDS.forEach((name, make) -> {
            if (named == null || named == make) {
                cli.addSubcommand(name, make.get());
            }
        });
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
