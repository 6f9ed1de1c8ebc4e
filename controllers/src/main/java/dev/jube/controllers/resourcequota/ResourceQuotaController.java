package dev.jube.controllers.resourcequota;

import dev.jube.api.Quantity;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's resource quota controller: keeps each ResourceQuota's status.hard equal to its
 * spec and status.used equal to what the namespace's objects use of every resource the quota
 * limits, recounting when those objects change and on a periodic full resync. Admission reads
 * status.used to refuse objects that would exceed the quota.
 */
public final class ResourceQuotaController implements Controller {

    public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(5);

    private final Duration resync;
    private final Map<String, String> preferredVersions = new ConcurrentHashMap<>();
    private KubernetesClient client;
    private SharedIndexInformer<ResourceQuota> quotas;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Secret> secrets;
    private WorkQueue queue;

    public ResourceQuotaController() {
        this(DEFAULT_RESYNC);
    }

    /** Upstream's --resource-quota-sync-period. */
    public ResourceQuotaController(Duration resync) {
        this.resync = resync;
    }

    @Override
    public String name() {
        return "resourcequota";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        quotas = context.informer(ResourceQuota.class);
        quotas.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ResourceQuota q) {
                queue.add(Keys.of(q));
            }

            @Override
            public void onUpdate(ResourceQuota oldQ, ResourceQuota newQ) {
                // As upstream: status changes come from this controller and from admission's
                // charges, so only a changed spec calls for a recount (the full resync does the rest).
                if (!Objects.equals(oldQ.getSpec(), newQ.getSpec())) {
                    queue.add(Keys.of(newQ));
                }
            }

            @Override
            public void onDelete(ResourceQuota q, boolean finalStateUnknown) {}
        });
        pods = watch(context, Pod.class);
        services = watch(context, Service.class);
        claims = watch(context, PersistentVolumeClaim.class);
        configMaps = watch(context, ConfigMap.class);
        secrets = watch(context, Secret.class);
    }

    /**
     * An informer whose changes give quota back (upstream's replenishment): deletions and
     * updates that lower an object's usage recount its namespace's quotas. Creations are not
     * watched: admission charged them already, and a recount racing a creation could undo that.
     */
    private <T extends HasMetadata> SharedIndexInformer<T> watch(ControllerContext context, Class<T> type) {
        SharedIndexInformer<T> informer = context.informer(type);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {}

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (usageChanged(oldObj, newObj)) {
                    queueQuotasOf(newObj);
                }
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                queueQuotasOf(obj);
            }
        });
        return informer;
    }

    private static boolean usageChanged(HasMetadata oldObj, HasMetadata newObj) {
        if (oldObj instanceof Pod o && newObj instanceof Pod n) {
            return QuotaUsage.podCounts(o) && !QuotaUsage.podCounts(n);
        }
        if (oldObj instanceof Service o && newObj instanceof Service n) {
            return !Objects.equals(o.getSpec().getType(), n.getSpec().getType())
                    || QuotaUsage.nodePorts(o) != QuotaUsage.nodePorts(n);
        }
        if (oldObj instanceof PersistentVolumeClaim o && newObj instanceof PersistentVolumeClaim n) {
            return !QuotaUsage.claimStorage(o).equals(QuotaUsage.claimStorage(n));
        }
        return false;
    }

    private void queueQuotasOf(HasMetadata obj) {
        for (ResourceQuota q : quotas.getIndexer().byIndex(Cache.NAMESPACE_INDEX, obj.getMetadata().getNamespace())) {
            queue.add(Keys.of(q));
        }
    }

    @Override
    public void reconcile(String key) {
        ResourceQuota quota = quotas.getIndexer().getByKey(key);
        if (quota == null) {
            return;
        }
        String ns = quota.getMetadata().getNamespace();
        Map<String, io.fabric8.kubernetes.api.model.Quantity> hard =
                quota.getSpec() == null || quota.getSpec().getHard() == null ? Map.of() : quota.getSpec().getHard();
        List<String> scopes = quota.getSpec() == null ? null : quota.getSpec().getScopes();
        Map<String, String> desiredHard = new TreeMap<>();
        Map<String, String> used = new TreeMap<>();
        for (var e : hard.entrySet()) {
            desiredHard.put(e.getKey(), Quantity.parse(e.getValue().toString()).toString());
            Quantity u = usage(ns, e.getKey(), scopes);
            if (u != null) {
                used.put(e.getKey(), u.toString());
            }
        }
        if (desiredHard.equals(canonical(quota.getStatus() == null ? null : quota.getStatus().getHard()))
                && used.equals(canonical(quota.getStatus() == null ? null : quota.getStatus().getUsed()))) {
            queue.addAfter(key, resync);
            return;
        }
        ResourceQuota updated = new ResourceQuotaBuilder(quota).withNewStatus()
                .withHard(toFabric(desiredHard)).withUsed(toFabric(used)).endStatus().build();
        client.resourceQuotas().inNamespace(ns).resource(updated).updateStatus();
        queue.addAfter(key, resync);
    }

    private static Map<String, String> canonical(Map<String, io.fabric8.kubernetes.api.model.Quantity> m) {
        Map<String, String> result = new TreeMap<>();
        if (m != null) {
            m.forEach((k, v) -> result.put(k, Quantity.parse(v.toString()).toString()));
        }
        return result;
    }

    private static Map<String, io.fabric8.kubernetes.api.model.Quantity> toFabric(Map<String, String> m) {
        Map<String, io.fabric8.kubernetes.api.model.Quantity> result = new TreeMap<>();
        m.forEach((k, v) -> result.put(k, new io.fabric8.kubernetes.api.model.Quantity(v)));
        return result;
    }

    private <T extends HasMetadata> List<T> in(SharedIndexInformer<T> informer, String ns) {
        return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns);
    }

    private static Quantity count(long n) {
        return Quantity.of(n, Quantity.Format.DECIMAL_SI);
    }

    /** The namespace's use of {@code resource}; null for a resource no evaluator knows. */
    private Quantity usage(String ns, String resource, List<String> scopes) {
        if (QuotaUsage.podResource(resource)) {
            String r = switch (resource) {
                case "cpu" -> "requests.cpu";
                case "memory" -> "requests.memory";
                case "ephemeral-storage" -> "requests.ephemeral-storage";
                default -> resource;
            };
            return QuotaUsage.pods(in(pods, ns), r, scopes);
        }
        return switch (resource) {
            case "count/pods" -> QuotaUsage.pods(in(pods, ns), "pods", scopes);
            case "services", "count/services" -> QuotaUsage.services(in(services, ns), "services");
            case "services.nodeports", "services.loadbalancers" -> QuotaUsage.services(in(services, ns), resource);
            case "persistentvolumeclaims", "count/persistentvolumeclaims" ->
                    QuotaUsage.claims(in(claims, ns), "persistentvolumeclaims");
            case "requests.storage" -> QuotaUsage.claims(in(claims, ns), resource);
            case "configmaps", "count/configmaps" -> count(in(configMaps, ns).size());
            case "secrets", "count/secrets" -> count(in(secrets, ns).size());
            case "resourcequotas", "count/resourcequotas" -> count(in(quotas, ns).size());
            case "replicationcontrollers", "count/replicationcontrollers" -> countByApi(ns, "", "replicationcontrollers");
            default -> {
                if (!resource.startsWith("count/")) {
                    yield null;
                }
                String spec = resource.substring("count/".length());
                int dot = spec.indexOf('.');
                yield dot < 0 ? countByApi(ns, "", spec) : countByApi(ns, spec.substring(dot + 1), spec.substring(0, dot));
            }
        };
    }

    /** Counts objects of a kind no informer here watches, through the API (upstream's generic evaluator). */
    private Quantity countByApi(String ns, String group, String plural) {
        String version = group.isEmpty() ? "v1" : preferredVersions.computeIfAbsent(group, g -> {
            var apiGroup = client.getApiGroup(g);
            return apiGroup == null ? "" : apiGroup.getPreferredVersion().getVersion();
        });
        if (version.isEmpty()) {
            preferredVersions.remove(group);
            return null;
        }
        ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                .withPlural(plural).withNamespaced(true).build();
        try {
            return count(client.genericKubernetesResources(ctx).inNamespace(ns).list().getItems().size());
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
