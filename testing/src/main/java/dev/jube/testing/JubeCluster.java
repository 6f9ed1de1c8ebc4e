package dev.jube.testing;

import dev.jube.api.component.EmbeddedComponent;
import dev.jube.apiserver.ApiServer;
import dev.jube.apiserver.ApiServerConfig;
import dev.jube.store.Store;
import dev.jube.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real Kubernetes API server inside the caller's JVM: the embedded store in a temporary folder,
 * HTTPS on a free loopback port, and fabric8 clients authenticated as the cluster admin. For Java
 * tests of operators and controllers, and for Jube's own component tests.
 *
 * <pre>{@code
 * try (JubeCluster cluster = JubeCluster.start()) {
 *     KubernetesClient client = cluster.client();
 *     client.configMaps().inNamespace("default").resource(cm).create();
 * }
 * }</pre>
 *
 * <p>With {@link #builder()} the cluster also runs components found on the classpath (see
 * {@link EmbeddedComponent}): simulated nodes from jube-kubelet and the scheduler from
 * jube-scheduler, so pods get scheduled and run without containers:
 *
 * <pre>{@code
 * try (JubeCluster cluster = JubeCluster.builder().hollowNodes(3).scheduler().start()) { ... }
 * }</pre>
 */
public final class JubeCluster implements AutoCloseable {

    private final Path dir;
    private final boolean ownsDir;
    private final Store store;
    private final ApiServer server;
    private final List<KubernetesClient> clients = new ArrayList<>();
    /** Started components, closed in reverse order before the API server. */
    private final List<AutoCloseable> components = new ArrayList<>();

    private JubeCluster(Path dir, boolean ownsDir, UnaryOperator<ApiServerConfig> customize) throws IOException {
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.store = EmbeddedStore.open(dir.resolve("store"));
        try {
            ApiServerConfig config = ApiServerConfig.defaults(store, dir).withBindAddress("127.0.0.1").withPort(0);
            this.server = ApiServer.start(customize.apply(config));
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        } catch (InterruptedException e) {
            store.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the API server", e);
        }
    }

    /** A cluster in a new temporary folder, deleted on {@link #close()}. */
    public static JubeCluster start() throws IOException {
        return new JubeCluster(Files.createTempDirectory("jube-cluster"), true, UnaryOperator.identity());
    }

    /** A cluster whose data (store, certificates, kubeconfig) lives in {@code dir}, kept on close. */
    public static JubeCluster start(Path dir) throws IOException {
        return new JubeCluster(dir, false, UnaryOperator.identity());
    }

    /** As {@link #start(Path)}, with the API server's configuration adjusted by {@code customize}. */
    public static JubeCluster start(Path dir, UnaryOperator<ApiServerConfig> customize) throws IOException {
        return new JubeCluster(dir, false, customize);
    }

    /** A cluster with components (hollow nodes, scheduler, ...) chosen step by step. */
    public static Builder builder() {
        return new Builder();
    }

    private void startComponents(Map<String, Map<String, String>> wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, EmbeddedComponent> found = new LinkedHashMap<>();
        for (EmbeddedComponent c : ServiceLoader.load(EmbeddedComponent.class)) {
            found.putIfAbsent(c.name(), c);
        }
        try {
            for (var e : wanted.entrySet()) {
                EmbeddedComponent c = found.get(e.getKey());
                if (c == null) {
                    throw new IllegalStateException("no component named " + e.getKey() + " on the classpath (found "
                            + found.keySet() + "); add the module that provides it as a test dependency");
                }
                components.add(c.start(kubeconfig(), e.getValue()));
            }
        } catch (Exception e) {
            close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("could not start a cluster component: " + e.getMessage(), e);
        }
    }

    /** A new fabric8 client for this cluster, as the admin; closed with the cluster. */
    public synchronized KubernetesClient newClient() {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config()).build();
        clients.add(client);
        return client;
    }

    /** A shared fabric8 client, as the admin. */
    public synchronized KubernetesClient client() {
        return clients.isEmpty() ? newClient() : clients.getFirst();
    }

    /** The fabric8 configuration (admin client certificate, cluster CA). */
    public Config config() {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubeconfig file, usable by kubectl. */
    public Path kubeconfig() {
        return server.kubeconfig();
    }

    /** The HTTPS URL of the API server. */
    public String url() {
        return server.url();
    }

    public ApiServer apiServer() {
        return server;
    }

    @Override
    public synchronized void close() {
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).close();
            } catch (Exception e) {
                // Keep closing: the server and store below must stop regardless.
            }
        }
        components.clear();
        clients.forEach(KubernetesClient::close);
        clients.clear();
        server.close();
        store.close();
        if (ownsDir) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Chooses where the cluster keeps its data and which components run next to the API server. */
    public static final class Builder {

        private Path dir;
        private UnaryOperator<ApiServerConfig> customize = UnaryOperator.identity();
        private final Map<String, Map<String, String>> components = new LinkedHashMap<>();

        private Builder() {
        }

        /** Keep the data in {@code dir} (kept on close) instead of a temporary folder. */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Adjust the API server's configuration. */
        public Builder apiServer(UnaryOperator<ApiServerConfig> customize) {
            this.customize = customize;
            return this;
        }

        /** Run {@code count} hollow nodes (needs jube-kubelet on the classpath), Ready and running pods. */
        public Builder hollowNodes(int count) {
            return component("hollow-nodes", Map.of("count", Integer.toString(count)));
        }

        /** Run the scheduler (needs jube-scheduler on the classpath). */
        public Builder scheduler() {
            return component("scheduler", Map.of());
        }

        /** Run the component of this name with these options; components start in the order added. */
        public Builder component(String name, Map<String, String> options) {
            components.put(name, Map.copyOf(options));
            return this;
        }

        public JubeCluster start() throws IOException {
            JubeCluster cluster = dir == null
                    ? new JubeCluster(Files.createTempDirectory("jube-cluster"), true, customize)
                    : new JubeCluster(dir, false, customize);
            cluster.startComponents(components);
            return cluster;
        }
    }
}
