package dev.jube.apiserver;

import dev.jube.apiserver.auth.Authenticator;
import dev.jube.apiserver.auth.AuthenticatorChain;
import dev.jube.apiserver.auth.BootstrapTokenAuthenticator;
import dev.jube.apiserver.auth.ClusterInfoAuthenticator;
import dev.jube.apiserver.auth.ClientCertificateAuthenticator;
import dev.jube.apiserver.auth.ServiceAccountTokenAuthenticator;
import dev.jube.apiserver.auth.ServiceAccountTokens;
import dev.jube.apiserver.auth.TokenFileAuthenticator;
import dev.jube.apiserver.bootstrap.SystemObjects;
import dev.jube.apiserver.crd.CustomResourceDefinitionController;
import dev.jube.apiserver.endpoints.ApiDispatcher;
import dev.jube.apiserver.endpoints.HandlerContext;
import dev.jube.apiserver.http.NettyServer;
import dev.jube.apiserver.http.ServerTls;
import dev.jube.apiserver.http.TlsWarmUp;
import dev.jube.apiserver.pki.ClusterPki;
import dev.jube.apiserver.pki.Kubeconfig;
import dev.jube.apiserver.pki.Pem;
import dev.jube.apiserver.pki.ServiceAccountKey;
import dev.jube.apiserver.proxy.KubeletClient;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.watchcache.WatchCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A running Kubernetes API server over a {@link dev.jube.store.Store}: HTTPS on one port, the
 * certificates and an admin kubeconfig in the data directory.
 */
public final class ApiServer implements AutoCloseable {

    /** Namespaces every cluster has. */
    public static final List<String> SYSTEM_NAMESPACES = SystemObjects.NAMESPACES;

    private final NettyServer http;
    private final WatchCache cache;
    private final String url;
    private final Path kubeconfig;
    private final ClusterPki pki;
    private final ResourceRegistry registry;
    private final CustomResourceDefinitionController crds;
    private final KubeletClient kubelets;

    private ApiServer(NettyServer http, WatchCache cache, String url, Path kubeconfig, ClusterPki pki,
                      ResourceRegistry registry, CustomResourceDefinitionController crds, KubeletClient kubelets) {
        this.crds = crds;
        this.kubelets = kubelets;
        this.http = http;
        this.cache = cache;
        this.url = url;
        this.kubeconfig = kubeconfig;
        this.pki = pki;
        this.registry = registry;
    }

    /** Starts serving; returns once the port is bound, the cache is loaded and the kubeconfig is written. */
    public static ApiServer start(ApiServerConfig config) throws IOException, InterruptedException {
        Files.createDirectories(config.dataDir());
        ClusterPki pki = ClusterPki.loadOrCreate(config.dataDir().resolve("pki"), List.of());
        // Built (and handshaken once) on another thread while the store and registry get ready.
        CompletableFuture<ServerTls> tls = CompletableFuture.supplyAsync(() -> {
            ServerTls context = serverTls(pki);
            TlsWarmUp.handshake(context);
            return context;
        });
        ServiceAccountTokens tokens = new ServiceAccountTokens(
                ServiceAccountKey.loadOrCreate(config.dataDir().resolve("pki")));
        ResourceRegistry registry = new ResourceRegistry(config.resources());
        ObjectStorage storage = new ObjectStorage(config.store());
        List<Authenticator> authenticators = new ArrayList<>();
        authenticators.add(new ClientCertificateAuthenticator(pki.ca().certificate()));
        if (config.tokenAuthFile() != null) {
            authenticators.add(TokenFileAuthenticator.load(config.tokenAuthFile()));
        }
        authenticators.add(new ServiceAccountTokenAuthenticator(tokens, storage, registry, Clock.systemUTC()));
        registry.find("", "v1", "secrets")
                .ifPresent(secrets -> authenticators.add(BootstrapTokenAuthenticator.fromStorage(storage, secrets)));
        authenticators.add(new ClusterInfoAuthenticator());
        SystemObjects system = new SystemObjects(registry, storage);
        system.ensureBeforeServing();
        WatchCache cache = new WatchCache(config.store(), config.watchCacheWindow(), config.bookmarkInterval());
        NettyServer http = null;
        CustomResourceDefinitionController crds = null;
        KubeletClient kubelets = new KubeletClient(pki.kubeletClient());
        try {
            cache.start();
            crds = new CustomResourceDefinitionController(registry, storage, cache).start();
            HandlerContext ctx = new HandlerContext(storage, cache, config.admission(),
                    config.bookmarkInterval(), config.minWatchTimeout(), 100_000);
            ApiDispatcher dispatcher = new ApiDispatcher(registry, new AuthenticatorChain(authenticators),
                    config.authorizer(), ctx, tokens, () -> true, kubelets);
            http = NettyServer.start(config.bindAddress(), config.port(), join(tls), dispatcher,
                    config.maxBodyBytes());
            String host = isWildcard(config.bindAddress()) ? "127.0.0.1" : config.bindAddress();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            String url = "https://" + host + ":" + http.port();
            system.ensureServing(isWildcard(config.bindAddress()) ? "127.0.0.1" : config.bindAddress(), http.port(),
                    url, Pem.certificate(pki.ca().certificate()));
            Path kubeconfig = config.dataDir().resolve("kubeconfig");
            Kubeconfig.write(kubeconfig, url, pki);
            dispatcher.warmUp();
            return new ApiServer(http, cache, url, kubeconfig, pki, registry, crds, kubelets);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (crds != null) {
                crds.close();
            }
            cache.close();
            kubelets.close();
            throw e;
        }
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }

    private static ServerTls join(CompletableFuture<ServerTls> tls) throws IOException {
        try {
            return tls.join();
        } catch (CompletionException e) {
            throw new IOException("cannot set up TLS: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static ServerTls serverTls(ClusterPki pki) {
        try {
            return ServerTls.create(pki.server().key(), List.of(pki.server().certificate()), pki.ca().certificate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the serving certificate cannot be used: " + e.getMessage(), e);
        }
    }

    /** The HTTPS URL clients use, e.g. {@code https://127.0.0.1:6443}. */
    public String url() {
        return url;
    }

    public int port() {
        return http.port();
    }

    /** The admin kubeconfig written at start. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    public ClusterPki pki() {
        return pki;
    }

    public ResourceRegistry registry() {
        return registry;
    }

    /** Stops listening and ends every watch. The store stays open: it belongs to the caller. */
    @Override
    public void close() {
        http.close();
        crds.close();
        cache.close();
        kubelets.close();
    }
}
