package dev.jube.apiserver.registry;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.ResourceDescriptor.NameRule;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The built-in kinds served so far, as descriptors. */
public final class BuiltinResources {

    private BuiltinResources() {}

    public static ResourceRegistry registry() {
        return new ResourceRegistry(descriptors());
    }

    public static List<ResourceDescriptor> descriptors() {
        List<ResourceDescriptor> d = new ArrayList<>();
        // core/v1
        d.add(ResourceDescriptor.builder("", "v1", "Namespace", "namespaces").shortNames("ns").clusterScoped()
                .statusSubresource().nameRule(NameRule.DNS1123_LABEL).strategy(new NamespaceStrategy())
                .returnDeletedObject().build());
        d.add(ResourceDescriptor.builder("", "v1", "ConfigMap", "configmaps").shortNames("cm").build());
        d.add(ResourceDescriptor.builder("", "v1", "Secret", "secrets").build());
        d.add(ResourceDescriptor.builder("", "v1", "ServiceAccount", "serviceaccounts").shortNames("sa").build());
        d.add(ResourceDescriptor.builder("", "v1", "Pod", "pods").shortNames("po").categories("all")
                .statusSubresource().strategy(new PodStrategy()).returnDeletedObject().build());
        d.add(ResourceDescriptor.builder("", "v1", "Service", "services").shortNames("svc").categories("all")
                .statusSubresource().nameRule(NameRule.DNS1035_LABEL).strategy(new ServiceStrategy()).build());
        d.add(ResourceDescriptor.builder("", "v1", "Endpoints", "endpoints").shortNames("ep").singular("endpoints").build());
        d.add(ResourceDescriptor.builder("", "v1", "Event", "events").shortNames("ev").build());
        d.add(ResourceDescriptor.builder("", "v1", "Node", "nodes").shortNames("no").clusterScoped()
                .statusSubresource().build());
        // apps/v1
        d.add(workload("Deployment", "deployments", "deploy").build());
        d.add(workload("ReplicaSet", "replicasets", "rs").build());
        d.add(workload("StatefulSet", "statefulsets", "sts").build());
        d.add(workload("DaemonSet", "daemonsets", "ds").build());
        // batch/v1
        d.add(ResourceDescriptor.builder("batch", "v1", "Job", "jobs").categories("all").statusSubresource()
                .tracksGeneration().build());
        d.add(ResourceDescriptor.builder("batch", "v1", "CronJob", "cronjobs").shortNames("cj").categories("all")
                .statusSubresource().tracksGeneration().build());
        // coordination.k8s.io/v1
        d.add(ResourceDescriptor.builder("coordination.k8s.io", "v1", "Lease", "leases").build());
        return d;
    }

    private static ResourceDescriptor.Builder workload(String kind, String resource, String shortName) {
        return ResourceDescriptor.builder("apps", "v1", kind, resource).shortNames(shortName).categories("all")
                .statusSubresource().tracksGeneration().strategy(new ReplicasDefaultingStrategy(kind));
    }

    /** Namespaces start Active. */
    static final class NamespaceStrategy extends GenericStrategy {
        @Override
        public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
            super.prepareForCreate(d, obj);
            obj.putObject("status").put("phase", "Active");
        }
    }

    /** Pods start Pending; pods bound to a node are deleted gracefully (the node agent finishes). */
    static final class PodStrategy extends GenericStrategy {
        @Override
        public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
            super.prepareForCreate(d, obj);
            obj.putObject("status").put("phase", "Pending");
        }

        @Override
        public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
            JsonNode containers = obj.path("spec").get("containers");
            if (containers == null || !containers.isArray() || containers.isEmpty()) {
                return List.of(FieldError.required("spec.containers", ""));
            }
            List<FieldError> errors = new ArrayList<>();
            int i = 0;
            for (JsonNode c : containers) {
                if (c.path("name").asString("").isEmpty()) {
                    errors.add(FieldError.required("spec.containers[" + i + "].name", ""));
                }
                if (c.path("image").asString("").isEmpty()) {
                    errors.add(FieldError.required("spec.containers[" + i + "].image", ""));
                }
                i++;
            }
            return errors;
        }

        @Override
        public long deletionGracePeriodSeconds(ResourceDescriptor d, ObjectNode pod, Long requested) {
            if (pod.path("spec").path("nodeName").asString("").isEmpty()) {
                return 0;
            }
            if (requested != null) {
                return Math.max(0, requested);
            }
            return pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        }
    }

    /** Services default to ClusterIP with no session affinity. */
    static final class ServiceStrategy extends GenericStrategy {
        @Override
        public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
            super.prepareForCreate(d, obj);
            ObjectNode spec = obj.get("spec") instanceof ObjectNode s ? s : obj.putObject("spec");
            if (!spec.has("type")) {
                spec.put("type", "ClusterIP");
            }
            if (!spec.has("sessionAffinity")) {
                spec.put("sessionAffinity", "None");
            }
        }
    }

    /** Workloads default to one replica, as upstream's defaulting does. */
    static final class ReplicasDefaultingStrategy extends GenericStrategy {
        private final String kind;

        ReplicasDefaultingStrategy(String kind) {
            this.kind = kind;
        }

        @Override
        public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
            super.prepareForCreate(d, obj);
            if (!"DaemonSet".equals(kind) && obj.get("spec") instanceof ObjectNode spec && !spec.has("replicas")) {
                spec.put("replicas", 1);
            }
        }

        @Override
        public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
            super.prepareForUpdate(d, obj, old);
            if (!"DaemonSet".equals(kind) && obj.get("spec") instanceof ObjectNode spec && !spec.has("replicas")) {
                spec.put("replicas", 1);
            }
        }
    }
}
