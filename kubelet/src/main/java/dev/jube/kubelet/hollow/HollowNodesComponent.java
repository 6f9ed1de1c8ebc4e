package dev.jube.kubelet.hollow;

import dev.jube.api.component.EmbeddedComponent;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Hollow nodes as an embedded component, so an in-process cluster can run simulated nodes. Options:
 * {@code count} (default 3), {@code namePrefix}, {@code podStartDelayMillis}, {@code jobRunTimeMillis}.
 */
public final class HollowNodesComponent implements EmbeddedComponent {

    public static final String NAME = "hollow-nodes";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AutoCloseable start(Path kubeconfig, Map<String, String> options) throws Exception {
        HollowNodes.Config config = HollowNodes.Config.defaults(Integer.parseInt(options.getOrDefault("count", "3")));
        if (options.containsKey("namePrefix")) {
            config = config.withNamePrefix(options.get("namePrefix"));
        }
        config = config.withPodTimes(
                Duration.ofMillis(Long.parseLong(options.getOrDefault("podStartDelayMillis",
                        Long.toString(config.podStartDelay().toMillis())))),
                Duration.ofMillis(Long.parseLong(options.getOrDefault("jobRunTimeMillis",
                        Long.toString(config.jobRunTime().toMillis())))));
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        try {
            HollowNodes nodes = HollowNodes.start(client, config);
            return () -> {
                nodes.close();
                client.close();
            };
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
