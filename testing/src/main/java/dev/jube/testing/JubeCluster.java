package dev.jube.testing;

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
import java.util.List;
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
 */
public final class JubeCluster implements AutoCloseable {

    private final Path dir;
    private final boolean ownsDir;
    private final Store store;
    private final ApiServer server;
    private final List<KubernetesClient> clients = new ArrayList<>();

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
}
