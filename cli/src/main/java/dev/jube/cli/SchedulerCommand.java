package dev.jube.cli;

import dev.jube.scheduler.SchedulerConfig;
import dev.jube.scheduler.SchedulerServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jube scheduler}: the scheduler in a process of its own, like kube-scheduler. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = "Run the scheduler against an API server (e.g. one started with --disable-scheduler).")
public final class SchedulerCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", required = true, description = "How to reach the API server.")
    Path kubeconfig;

    @Option(names = "--leader-elect", arity = "1", defaultValue = "true",
            description = "Schedule only while holding the kube-system/kube-scheduler Lease (default: ${DEFAULT-VALUE}).")
    boolean leaderElect;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SchedulerConfig defaults = SchedulerConfig.defaults();
        SchedulerConfig config = leaderElect ? defaults : defaults.withLeaderElection(SchedulerConfig.LeaderElection.disabled());
        return StandaloneComponent.run("scheduler", kubeconfig, spec.commandLine().getOut(),
                spec.commandLine().getErr(), client -> SchedulerServer.start(client, config));
    }
}
