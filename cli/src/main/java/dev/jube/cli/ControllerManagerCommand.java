package dev.jube.cli;

import dev.jube.controllers.DefaultControllers;
import dev.jube.controllers.framework.ControllerManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jube controller-manager}: the controllers in a process of their own, like kube-controller-manager. */
@Command(name = "controller-manager", mixinStandardHelpOptions = true,
        description = "Run the controllers against an API server (e.g. one started with --disable-controller-manager).")
public final class ControllerManagerCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", required = true, description = "How to reach the API server.")
    Path kubeconfig;

    @Option(names = "--leader-elect", arity = "1", defaultValue = "true",
            description = "Act only while holding the kube-system/kube-controller-manager Lease (default: ${DEFAULT-VALUE}).")
    boolean leaderElect;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return StandaloneComponent.run("controller-manager", kubeconfig, spec.commandLine().getOut(),
                spec.commandLine().getErr(), client -> {
                    ControllerManager.Builder b = DefaultControllers.builder(client);
                    if (!leaderElect) {
                        b.leaderElection(null);
                    }
                    return b.build().start();
                });
    }
}
