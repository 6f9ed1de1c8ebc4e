package dev.jube.cli;

import dev.jube.apiserver.ApiServer;
import dev.jube.apiserver.ApiServerConfig;
import dev.jube.kubelet.host.HostPackages;
import dev.jube.store.Store;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jube server}: the all-in-one cluster: API server, scheduler, controllers, and optionally hollow nodes. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run a Kubernetes cluster: API server, scheduler and controllers on this host.")
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Where certificates, the kubeconfig and the data live (default: ~/.jube).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".jube");

    @Option(names = "--port", description = "The HTTPS port (default: ${DEFAULT-VALUE}).")
    int port = ApiServerConfig.DEFAULT_PORT;

    @Option(names = "--bind-address", description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress = "0.0.0.0";

    @Option(names = "--token-auth-file", description = "Static bearer tokens, as CSV lines: token,user,uid,\"group1,group2\".")
    Path tokenAuthFile;

    @Option(names = "--hollow-nodes", paramLabel = "N",
            description = "Also run N simulated nodes that \"run\" pods without containers (default: 0).")
    int hollowNodes;

    @Option(names = "--disable-scheduler", description = "Do not run the scheduler (e.g. to run your own).")
    boolean disableScheduler;

    @Option(names = "--disable-controller-manager", description = "Do not run the controllers.")
    boolean disableControllerManager;

    @Option(names = "--disable-agent", description = "Do not run a node agent (no containers on this host).")
    boolean disableAgent;

    @Spec
    CommandSpec spec;

    @Mixin
    DatastoreOptions datastore;

    @Mixin
    AgentOptions agent;

    @Override
    public Integer call() throws Exception {
        if (hollowNodes < 0) {
            throw new ParameterException(spec.commandLine(), "--hollow-nodes must be 0 or more, not " + hollowNodes);
        }
        Store store;
        try {
            store = datastore.open(dataDir);
        } catch (ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("jube server: " + e.getMessage());
            return 1;
        }
        ApiServerConfig config = ApiServerConfig.defaults(store, dataDir).withPort(port).withBindAddress(bindAddress)
                .withTokenAuthFile(tokenAuthFile);
        ApiServer server;
        try {
            server = ApiServer.start(config);
        } catch (Exception e) {
            store.close();
            spec.commandLine().getErr().println("jube server: cannot start: " + e.getMessage());
            return 1;
        }
        Components components;
        try {
            components = Components.start(server.kubeconfig(),
                    new Components.Choice(!disableScheduler, !disableControllerManager, hollowNodes,
                            disableAgent ? null : agent.config(dataDir)));
        } catch (Exception e) {
            server.close();
            store.close();
            spec.commandLine().getErr().println("jube server: cannot start the cluster's components: " + e.getMessage());
            if (!disableAgent && !HostPackages.isRoot()) {
                spec.commandLine().getErr().println("jube server: the node agent runs containers and needs root; "
                        + "run as root, or pass --disable-agent to run without a node");
            }
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            components.close();
            server.close();
            store.close();
            stopped.countDown();
        }, "jube-shutdown"));
        spec.commandLine().getOut().println("Jube is ready. export KUBECONFIG=" + server.kubeconfig());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
