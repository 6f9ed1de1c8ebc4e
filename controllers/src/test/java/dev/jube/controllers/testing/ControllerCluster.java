package dev.jube.controllers.testing;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerManager;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A test cluster with a controller manager running the given controllers and a fake kubelet.
 * Also serves ReplicationControllers when the API server does not yet have them built in.
 */
public final class ControllerCluster implements AutoCloseable {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final Path dir;
    private final JubeCluster cluster;
    private final ControllerManager manager;
    private final FakeKubelet kubelet;

    @SafeVarargs
    public static ControllerCluster start(Supplier<? extends Controller>... controllers) throws IOException {
        return new ControllerCluster(config -> List.of(controllers));
    }

    /** Controllers that need the cluster's client configuration (e.g. its CA). */
    public static ControllerCluster startWith(Function<Config, List<Supplier<? extends Controller>>> controllers)
            throws IOException {
        return new ControllerCluster(controllers);
    }

    private ControllerCluster(Function<Config, List<Supplier<? extends Controller>>> controllers) throws IOException {
        dir = Files.createTempDirectory("jube-controllers");
        cluster = JubeCluster.start(dir);
        KubernetesClient managerClient = cluster.newClient();
        ControllerManager.Builder b = ControllerManager.builder(managerClient).workers(2).leaderElection(null);
        controllers.apply(cluster.config()).forEach(b::controller);
        manager = b.build().start();
        kubelet = FakeKubelet.forScheduledPods(cluster.newClient());
    }


    public KubernetesClient client() {
        return cluster.client();
    }

    public KubernetesClient newClient() {
        return cluster.newClient();
    }

    public JubeCluster cluster() {
        return cluster;
    }

    public FakeKubelet kubelet() {
        return kubelet;
    }

    public ControllerManager manager() {
        return manager;
    }

    /** A fresh namespace for one test. */
    public String newNamespace() {
        String name = "test-" + NAMESPACES.incrementAndGet();
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    @Override
    public void close() throws IOException {
        kubelet.close();
        manager.close();
        cluster.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
