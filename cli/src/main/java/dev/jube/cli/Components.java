package dev.jube.cli;

import dev.jube.controllers.DefaultControllers;
import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.api.ApiEndpoint;
import dev.jube.kubelet.hollow.HollowNodes;
import dev.jube.kubelet.node.NodeAgent;
import dev.jube.scheduler.SchedulerConfig;
import dev.jube.scheduler.SchedulerServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components `jube server` runs beside the API server: the scheduler, the controller manager
 * and, when asked, hollow nodes. Each is a client of the API over HTTPS with its own connection,
 * exactly as it would be in a process of its own, so any of them can move out later unchanged.
 */
final class Components implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Components.class);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    /** Which components to run; all but hollow nodes by default; {@code agent} is null without a node agent. */
    record Choice(boolean scheduler, boolean controllerManager, int hollowNodes, NodeAgent.Config agent) {}

    static Components start(Path kubeconfig, Choice choice) throws IOException {
        Components c = new Components();
        int hollowNodes = choice.hollowNodes();
        try {
            String config = Files.readString(kubeconfig);
            if (choice.scheduler()) {
                c.running.push(SchedulerServer.start(c.client(config), SchedulerConfig.defaults()));
            }
            if (choice.controllerManager()) {
                c.running.push(DefaultControllers.manager(c.client(config)).start());
            }
            if (choice.agent() != null) {
                ApiClient agentClient = new ApiClient(ApiEndpoint.fromKubeconfig(config));
                c.running.push(agentClient);
                c.running.push(NodeAgent.start(agentClient, choice.agent()));
            }
            if (hollowNodes > 0) {
                c.running.push(HollowNodes.start(c.client(config), HollowNodes.Config.defaults(hollowNodes)));
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private KubernetesClient client(String kubeconfig) {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
        running.push(client);
        return client;
    }

    /** Stops the components in the reverse order of their start; clients last. */
    @Override
    public void close() {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed", next.getClass().getSimpleName(), e);
            }
        }
    }
}
