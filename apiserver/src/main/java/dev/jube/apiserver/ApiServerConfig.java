package dev.jube.apiserver;

import dev.jube.apiserver.admission.AdmissionChain;
import dev.jube.apiserver.admission.NamespaceLifecycle;
import dev.jube.apiserver.admission.PodPriority;
import dev.jube.apiserver.admission.ResourceQuotaAdmission;
import dev.jube.apiserver.admission.ServiceAccountAdmission;
import dev.jube.apiserver.auth.Authorizer;
import dev.jube.apiserver.registry.BuiltinResources;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run an API server. Only the store and the data directory are required; everything else
 * has the defaults of {@code jube server}.
 *
 * @param store           the storage backend (owned by the caller: the server does not close it)
 * @param dataDir         where the certificates and the kubeconfig are kept
 * @param bindAddress     the address to listen on
 * @param port            the HTTPS port; 0 picks a free one
 * @param tokenAuthFile   a static token CSV file, or null
 * @param resources       the kinds served
 * @param admission       admission plugins, in order
 * @param authorizer      the authorization stage
 * @param bookmarkInterval how often watches that allow bookmarks get one
 * @param minWatchTimeout watches without timeoutSeconds end after between this and twice this
 * @param watchCacheWindow how many recent events the watch cache keeps for watches resuming from a revision
 * @param maxBodyBytes    the largest request body accepted
 */
public record ApiServerConfig(Store store, Path dataDir, String bindAddress, int port, Path tokenAuthFile,
                              List<ResourceDescriptor> resources, AdmissionChain admission,
                              Authorizer authorizer, Duration bookmarkInterval, Duration minWatchTimeout,
                              int watchCacheWindow, int maxBodyBytes) {

    public static final int DEFAULT_PORT = 6443;
    public static final int DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

    public ApiServerConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        resources = List.copyOf(resources);
    }

    public static ApiServerConfig defaults(Store store, Path dataDir) {
        return new ApiServerConfig(store, dataDir, "0.0.0.0", DEFAULT_PORT, null, BuiltinResources.descriptors(),
                defaultAdmission(store), Authorizer.allowAll(), Duration.ofMinutes(1),
                Duration.ofMinutes(30), 10_000, DEFAULT_MAX_BODY_BYTES);
    }

    /** The admission plugins every server runs: namespace lifecycle, service accounts, pod priority, quota. */
    public static AdmissionChain defaultAdmission(Store store) {
        return new AdmissionChain(List.of(new NamespaceLifecycle(), new ServiceAccountAdmission(),
                new PodPriority(), new ResourceQuotaAdmission(store)));
    }

    public ApiServerConfig withBindAddress(String address) {
        return new ApiServerConfig(store, dataDir, address, port, tokenAuthFile, resources, admission,
                authorizer, bookmarkInterval, minWatchTimeout, watchCacheWindow, maxBodyBytes);
    }

    public ApiServerConfig withPort(int p) {
        return new ApiServerConfig(store, dataDir, bindAddress, p, tokenAuthFile, resources, admission,
                authorizer, bookmarkInterval, minWatchTimeout, watchCacheWindow, maxBodyBytes);
    }

    public ApiServerConfig withTokenAuthFile(Path file) {
        return new ApiServerConfig(store, dataDir, bindAddress, port, file, resources, admission,
                authorizer, bookmarkInterval, minWatchTimeout, watchCacheWindow, maxBodyBytes);
    }

    public ApiServerConfig withAdmission(AdmissionChain a) {
        return new ApiServerConfig(store, dataDir, bindAddress, port, tokenAuthFile, resources, a,
                authorizer, bookmarkInterval, minWatchTimeout, watchCacheWindow, maxBodyBytes);
    }

    public ApiServerConfig withResources(List<ResourceDescriptor> r) {
        return new ApiServerConfig(store, dataDir, bindAddress, port, tokenAuthFile, r, admission,
                authorizer, bookmarkInterval, minWatchTimeout, watchCacheWindow, maxBodyBytes);
    }

    public ApiServerConfig withBookmarkInterval(Duration d) {
        return new ApiServerConfig(store, dataDir, bindAddress, port, tokenAuthFile, resources, admission,
                authorizer, d, minWatchTimeout, watchCacheWindow, maxBodyBytes);
    }

    public ApiServerConfig withWatchCacheWindow(int events) {
        return new ApiServerConfig(store, dataDir, bindAddress, port, tokenAuthFile, resources, admission,
                authorizer, bookmarkInterval, minWatchTimeout, events, maxBodyBytes);
    }
}
