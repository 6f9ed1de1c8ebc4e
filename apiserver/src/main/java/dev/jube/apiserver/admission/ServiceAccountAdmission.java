package dev.jube.apiserver.admission;

import dev.jube.apiserver.registry.ResourceDescriptor;
import java.security.SecureRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's ServiceAccount admission: a new pod runs as the {@code default} service account unless
 * it names one, and, unless automounting is turned off on the pod or its account, gets the
 * {@code kube-api-access-*} volume (a bound token, the cluster CA and the namespace) mounted in
 * every container at the path in-cluster clients read.
 */
public final class ServiceAccountAdmission implements AdmissionPlugin {

    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void admit(AdmissionRequest request) {
        ResourceDescriptor d = request.descriptor();
        if (request.operation() != AdmissionRequest.Operation.CREATE || !d.group().isEmpty()
                || !d.resource().equals("pods") || request.subresource() != null || request.object() == null
                || !(request.object().get("spec") instanceof ObjectNode spec)) {
            return;
        }
        if (request.object().path("metadata").path("annotations").has("kubernetes.io/config.mirror")) {
            return;
        }
        String account = spec.path("serviceAccountName").asString("");
        if (account.isEmpty()) {
            account = spec.path("serviceAccount").asString("");
        }
        if (account.isEmpty()) {
            account = "default";
        }
        spec.put("serviceAccountName", account);
        spec.put("serviceAccount", account);
        if (!automount(spec, request.objects(), request.namespace(), account) || hasMount(spec)) {
            return;
        }
        String volume = "kube-api-access-" + suffix();
        spec.withArray("volumes").add(volume(volume));
        for (String list : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            if (spec.get(list) instanceof ArrayNode containers) {
                for (JsonNode c : containers) {
                    if (c instanceof ObjectNode container) {
                        container.withArray("volumeMounts").addObject().put("name", volume)
                                .put("readOnly", true).put("mountPath", MOUNT_PATH);
                    }
                }
            }
        }
    }

    private static boolean automount(ObjectNode spec, ClusterObjects objects, String namespace, String account) {
        if (spec.has("automountServiceAccountToken")) {
            return spec.path("automountServiceAccountToken").asBoolean(true);
        }
        ObjectNode sa = objects.get("/registry/serviceaccounts/" + namespace + "/" + account);
        return sa == null || sa.path("automountServiceAccountToken").asBoolean(true);
    }

    /** A container that already mounts something at the token path keeps its own. */
    private static boolean hasMount(ObjectNode spec) {
        for (JsonNode c : spec.path("containers")) {
            for (JsonNode m : c.path("volumeMounts")) {
                if (MOUNT_PATH.equals(m.path("mountPath").asString(""))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ObjectNode volume(String name) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode v = f.objectNode().put("name", name);
        ObjectNode projected = v.putObject("projected").put("defaultMode", 420);
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", 3607).put("path", "token");
        ObjectNode cm = sources.addObject().putObject("configMap").put("name", "kube-root-ca.crt");
        cm.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        ObjectNode downward = sources.addObject().putObject("downwardAPI");
        ObjectNode item = downward.putArray("items").addObject();
        item.putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        item.put("path", "namespace");
        return v;
    }

    private static String suffix() {
        StringBuilder s = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
