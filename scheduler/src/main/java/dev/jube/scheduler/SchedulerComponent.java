package dev.jube.scheduler;

import dev.jube.api.component.EmbeddedComponent;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The scheduler as an embedded component of an in-process cluster, with the default profile and no
 * leader election (the cluster runs exactly one).
 */
public final class SchedulerComponent implements EmbeddedComponent {

    public static final String NAME = "scheduler";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AutoCloseable start(Path kubeconfig, Map<String, String> options) throws Exception {
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        try {
            SchedulerServer scheduler = SchedulerServer.start(client, SchedulerConfig.defaults()
                    .withLeaderElection(SchedulerConfig.LeaderElection.disabled()));
            return () -> {
                scheduler.close();
                client.close();
            };
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
