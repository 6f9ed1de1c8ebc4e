package dev.jube.apiserver.registry.kinds;

import dev.jube.api.Quantity;
import dev.jube.api.validation.FieldError;
import dev.jube.api.validation.Names;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Defaulting and validation of pod specs, shared by pods and every kind with a pod template, with
 * upstream's defaults and messages for the fields users set most.
 */
public final class PodSpecs {

    static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    /** Every volume source field of core/v1 VolumeSource. */
    static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
            "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos",
            "csi", "ephemeral", "image");

    private PodSpecs() {}

    // ---- defaulting

    /** Fills upstream's defaults into a pod spec (as SetDefaults_PodSpec and friends, plus admission's). */
    public static void applyDefaults(ObjectNode spec) {
        Fields.defaultString(spec, "dnsPolicy", "ClusterFirst");
        Fields.defaultString(spec, "restartPolicy", "Always");
        Fields.defaultInt(spec, "terminationGracePeriodSeconds", 30);
        if (!(spec.get("securityContext") instanceof ObjectNode)) {
            spec.putObject("securityContext");
        }
        Fields.defaultString(spec, "schedulerName", "default-scheduler");
        String sa = Fields.string(spec, "serviceAccountName");
        if (sa.isEmpty()) {
            sa = Fields.string(spec, "serviceAccount");
        }
        if (sa.isEmpty()) {
            sa = "default";
        }
        spec.put("serviceAccountName", sa);
        spec.put("serviceAccount", sa);
        Fields.defaultBool(spec, "enableServiceLinks", true);
        boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
        for (String list : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            for (JsonNode c : Fields.array(spec, list)) {
                if (c instanceof ObjectNode container) {
                    containerDefaults(container, hostNetwork);
                }
            }
        }
        for (JsonNode v : Fields.array(spec, "volumes")) {
            if (v instanceof ObjectNode volume) {
                volumeDefaults(volume);
            }
        }
    }

    /** The defaults only pods (not templates) get from admission: priority and default tolerations. */
    public static void applyPodAdmissionDefaults(ObjectNode spec) {
        String priorityClass = Fields.string(spec, "priorityClassName");
        if (!Fields.has(spec, "priority")) {
            spec.put("priority", switch (priorityClass) {
                case "system-node-critical" -> 2000001000;
                case "system-cluster-critical" -> 2000000000;
                default -> 0;
            });
        }
        Fields.defaultString(spec, "preemptionPolicy", "PreemptLowerPriority");
        ArrayNode tolerations = spec.get("tolerations") instanceof ArrayNode a ? a : null;
        for (String key : new String[] {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
            boolean present = false;
            if (tolerations != null) {
                for (JsonNode t : tolerations) {
                    String tk = Fields.string(t, "key");
                    String effect = Fields.string(t, "effect");
                    if ((tk.equals(key) || tk.isEmpty() && Fields.string(t, "operator").equals("Exists"))
                            && (effect.isEmpty() || effect.equals("NoExecute"))) {
                        present = true;
                    }
                }
            }
            if (!present) {
                if (tolerations == null) {
                    tolerations = spec.putArray("tolerations");
                }
                ObjectNode t = tolerations.addObject();
                t.put("key", key);
                t.put("operator", "Exists");
                t.put("effect", "NoExecute");
                t.put("tolerationSeconds", 300);
            }
        }
    }

    private static void containerDefaults(ObjectNode c, boolean hostNetwork) {
        Fields.defaultString(c, "terminationMessagePath", "/dev/termination-log");
        Fields.defaultString(c, "terminationMessagePolicy", "File");
        if (Fields.string(c, "imagePullPolicy").isEmpty()) {
            c.put("imagePullPolicy", defaultPullPolicy(Fields.string(c, "image")));
        }
        if (!(c.get("resources") instanceof ObjectNode)) {
            c.putObject("resources");
        }
        ObjectNode resources = (ObjectNode) c.get("resources");
        if (resources.get("limits") instanceof ObjectNode limits && !limits.isEmpty()) {
            ObjectNode requests = Fields.child(resources, "requests");
            for (Map.Entry<String, JsonNode> e : limits.properties()) {
                if (!requests.has(e.getKey())) {
                    requests.set(e.getKey(), e.getValue().deepCopy());
                }
            }
        }
        for (JsonNode p : Fields.array(c, "ports")) {
            if (p instanceof ObjectNode port) {
                Fields.defaultString(port, "protocol", "TCP");
                if (hostNetwork && !Fields.has(port, "hostPort") && Fields.has(port, "containerPort")) {
                    port.set("hostPort", port.get("containerPort").deepCopy());
                }
            }
        }
        for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
            if (c.get(probe) instanceof ObjectNode p) {
                Fields.defaultInt(p, "timeoutSeconds", 1);
                Fields.defaultInt(p, "periodSeconds", 10);
                Fields.defaultInt(p, "successThreshold", 1);
                Fields.defaultInt(p, "failureThreshold", 3);
                if (p.get("httpGet") instanceof ObjectNode http) {
                    Fields.defaultString(http, "scheme", "HTTP");
                }
            }
        }
        for (JsonNode e : Fields.array(c, "env")) {
            if (e.path("valueFrom").get("fieldRef") instanceof ObjectNode ref) {
                Fields.defaultString(ref, "apiVersion", "v1");
            }
        }
    }

    /** Always for untagged images and the latest tag, else IfNotPresent (digests count as pinned). */
    static String defaultPullPolicy(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return "Always";
        }
        return image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void volumeDefaults(ObjectNode v) {
        boolean any = false;
        for (String s : VOLUME_SOURCES) {
            if (Fields.has(v, s)) {
                any = true;
            }
        }
        if (!any) {
            v.putObject("emptyDir");
        }
        for (String s : new String[] {"secret", "configMap", "downwardAPI", "projected"}) {
            if (v.get(s) instanceof ObjectNode src) {
                Fields.defaultInt(src, "defaultMode", 420);
            }
        }
        if (v.get("hostPath") instanceof ObjectNode hp && !hp.has("type")) {
            hp.put("type", "");
        }
    }

    /** The QoS class upstream computes from the requests and limits of cpu and memory. */
    public static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : Fields.array(spec, list)) {
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                for (String r : new String[] {"cpu", "memory"}) {
                    Quantity req = quantity(requests.get(r));
                    Quantity lim = quantity(limits.get(r));
                    if (req != null && !req.isZero() || lim != null && !lim.isZero()) {
                        any = true;
                    }
                    if (lim == null || lim.isZero() || req != null && req.compareTo(lim) != 0) {
                        guaranteed = false;
                    }
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static Quantity quantity(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            return Quantity.fromJson(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- validation

    /** Validates a pod template (metadata labels/annotations and spec). */
    public static void validateTemplate(JsonNode template, String path, List<FieldError> errors) {
        if (template == null || !template.isObject()) {
            errors.add(FieldError.required(path, ""));
            return;
        }
        JsonNode meta = template.path("metadata");
        errors.addAll(Names.validateLabels(Fields.stringMap(meta, "labels"), path + ".metadata.labels"));
        errors.addAll(Names.validateAnnotations(Fields.stringMap(meta, "annotations"), path + ".metadata.annotations"));
        validate(template.get("spec"), path + ".spec", errors);
    }

    /** Validates a pod spec at {@code path} (e.g. {@code spec} or {@code spec.template.spec}). */
    public static void validate(JsonNode spec, String path, List<FieldError> errors) {
        if (spec == null || !spec.isObject()) {
            errors.add(FieldError.required(path + ".containers", ""));
            return;
        }
        Set<String> volumes = validateVolumes(Fields.array(spec, "volumes"), path + ".volumes", errors);
        Set<String> names = new HashSet<>();
        ArrayNode containers = Fields.array(spec, "containers");
        if (containers.isEmpty()) {
            errors.add(FieldError.required(path + ".containers", ""));
        }
        validateContainers(Fields.array(spec, "initContainers"), path + ".initContainers", volumes, names, errors);
        validateContainers(containers, path + ".containers", volumes, names, errors);
        String restart = Fields.string(spec, "restartPolicy");
        if (!restart.isEmpty() && !RESTART_POLICIES.contains(restart)) {
            errors.add(FieldError.notSupported(path + ".restartPolicy", restart, RESTART_POLICIES));
        }
        String dns = Fields.string(spec, "dnsPolicy");
        if (!dns.isEmpty() && !DNS_POLICIES.contains(dns)) {
            errors.add(FieldError.notSupported(path + ".dnsPolicy", dns, DNS_POLICIES));
        }
        JsonNode deadline = spec.get("activeDeadlineSeconds");
        if (deadline != null && !deadline.isNull() && (deadline.asLong() <= 0 || deadline.asLong() > Integer.MAX_VALUE)) {
            errors.add(FieldError.invalid(path + ".activeDeadlineSeconds", deadline.asLong(),
                    "must be between 1 and 2147483647, inclusive"));
        }
        JsonNode grace = spec.get("terminationGracePeriodSeconds");
        if (grace != null && grace.isNumber() && grace.asLong() < 0) {
            errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", grace.asLong(),
                    "must be greater than or equal to 0"));
        }
        String sa = Fields.string(spec, "serviceAccountName");
        if (!sa.isEmpty()) {
            for (String msg : Names.dns1123Subdomain(sa)) {
                errors.add(FieldError.invalid(path + ".serviceAccountName", sa, msg));
            }
        }
        String nodeName = Fields.string(spec, "nodeName");
        if (!nodeName.isEmpty()) {
            for (String msg : Names.dns1123Subdomain(nodeName)) {
                errors.add(FieldError.invalid(path + ".nodeName", nodeName, msg));
            }
        }
        errors.addAll(Names.validateLabels(Fields.stringMap(spec, "nodeSelector"), path + ".nodeSelector"));
    }

    private static Set<String> validateVolumes(ArrayNode volumes, String path, List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode v : volumes) {
            String p = path + "[" + i++ + "]";
            String name = Fields.string(v, "name");
            if (name.isEmpty()) {
                errors.add(FieldError.required(p + ".name", ""));
            } else {
                for (String msg : Names.dns1123Label(name)) {
                    errors.add(FieldError.invalid(p + ".name", name, msg));
                }
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(p + ".name", name));
                }
            }
            int sources = 0;
            for (String s : VOLUME_SOURCES) {
                if (Fields.has(v, s)) {
                    if (++sources > 1) {
                        errors.add(FieldError.forbidden(p + "." + s, "may not specify more than 1 volume type"));
                    }
                }
            }
            if (sources == 0) {
                errors.add(FieldError.required(p, "must specify a volume type"));
            }
            JsonNode pvc = v.get("persistentVolumeClaim");
            if (pvc != null && Fields.string(pvc, "claimName").isEmpty()) {
                errors.add(FieldError.required(p + ".persistentVolumeClaim.claimName", ""));
            }
            JsonNode hostPath = v.get("hostPath");
            if (hostPath != null && Fields.string(hostPath, "path").isEmpty()) {
                errors.add(FieldError.required(p + ".hostPath.path", ""));
            }
        }
        return names;
    }

    private static void validateContainers(ArrayNode containers, String path, Set<String> volumes, Set<String> names,
                                           List<FieldError> errors) {
        int i = 0;
        for (JsonNode c : containers) {
            String p = path + "[" + i++ + "]";
            String name = Fields.string(c, "name");
            if (name.isEmpty()) {
                errors.add(FieldError.required(p + ".name", ""));
            } else {
                for (String msg : Names.dns1123Label(name)) {
                    errors.add(FieldError.invalid(p + ".name", name, msg));
                }
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(p + ".name", name));
                }
            }
            if (Fields.string(c, "image").isBlank()) {
                errors.add(FieldError.required(p + ".image", ""));
            }
            String pull = Fields.string(c, "imagePullPolicy");
            if (!pull.isEmpty() && !PULL_POLICIES.contains(pull)) {
                errors.add(FieldError.notSupported(p + ".imagePullPolicy", pull, PULL_POLICIES));
            }
            validatePorts(Fields.array(c, "ports"), p + ".ports", errors);
            validateResources(c.path("resources"), p + ".resources", errors);
            int m = 0;
            for (JsonNode mount : Fields.array(c, "volumeMounts")) {
                String mp = p + ".volumeMounts[" + m++ + "]";
                String vol = Fields.string(mount, "name");
                if (vol.isEmpty()) {
                    errors.add(FieldError.required(mp + ".name", ""));
                } else if (!volumes.contains(vol)) {
                    errors.add(FieldError.notFound(mp + ".name", vol));
                }
                if (Fields.string(mount, "mountPath").isEmpty()) {
                    errors.add(FieldError.required(mp + ".mountPath", ""));
                }
            }
            int e = 0;
            for (JsonNode env : Fields.array(c, "env")) {
                String ep = p + ".env[" + e++ + "]";
                if (Fields.string(env, "name").isEmpty()) {
                    errors.add(FieldError.required(ep + ".name", ""));
                }
            }
        }
    }

    private static void validatePorts(ArrayNode ports, String path, List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode port : ports) {
            String p = path + "[" + i++ + "]";
            String name = Fields.string(port, "name");
            if (!name.isEmpty()) {
                for (String msg : portNameErrors(name)) {
                    errors.add(FieldError.invalid(p + ".name", name, msg));
                }
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(p + ".name", name));
                }
            }
            long containerPort = port.path("containerPort").asLong(0);
            if (containerPort == 0) {
                errors.add(FieldError.required(p + ".containerPort", ""));
            } else if (containerPort < 1 || containerPort > 65535) {
                errors.add(FieldError.invalid(p + ".containerPort", containerPort, portRangeMessage()));
            }
            long hostPort = port.path("hostPort").asLong(0);
            if (hostPort != 0 && (hostPort < 1 || hostPort > 65535)) {
                errors.add(FieldError.invalid(p + ".hostPort", hostPort, portRangeMessage()));
            }
            String protocol = Fields.string(port, "protocol");
            if (protocol.isEmpty()) {
                errors.add(FieldError.required(p + ".protocol", ""));
            } else if (!PROTOCOLS.contains(protocol)) {
                errors.add(FieldError.notSupported(p + ".protocol", protocol, PROTOCOLS));
            }
        }
    }

    static String portRangeMessage() {
        return "must be between 1 and 65535, inclusive";
    }

    /** An IANA service name, as upstream checks port names. */
    static List<String> portNameErrors(String name) {
        List<String> errs = new ArrayList<>();
        if (name.length() > 15) {
            errs.add("must be no more than 15 characters");
        }
        if (!name.matches("[-a-z0-9]+")) {
            errs.add("must contain only alpha-numerics and '-'");
        }
        if (!name.matches(".*[a-z].*")) {
            errs.add("must contain at least one letter (a-z)");
        }
        if (name.contains("--")) {
            errs.add("must not contain consecutive hyphens");
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            errs.add("must not begin or end with a hyphen");
        }
        return errs;
    }

    /** Quantities parse, are not negative, and requests do not exceed limits. */
    static void validateResources(JsonNode resources, String path, List<FieldError> errors) {
        JsonNode limits = resources.path("limits");
        JsonNode requests = resources.path("requests");
        for (Map.Entry<String, JsonNode> e : limits.properties()) {
            checkQuantity(e.getValue(), path + ".limits[" + e.getKey() + "]", errors);
        }
        for (Map.Entry<String, JsonNode> e : requests.properties()) {
            String p = path + ".requests[" + e.getKey() + "]";
            Quantity req = checkQuantity(e.getValue(), p, errors);
            Quantity lim = limits.has(e.getKey()) ? quantity(limits.get(e.getKey())) : null;
            if (req != null && lim != null && req.compareTo(lim) > 0) {
                errors.add(FieldError.invalid(p, req.toString(),
                        "must be less than or equal to " + e.getKey() + " limit of " + lim));
            }
        }
    }

    static Quantity checkQuantity(JsonNode value, String path, List<FieldError> errors) {
        Quantity q;
        try {
            q = Quantity.fromJson(value);
        } catch (RuntimeException ex) {
            errors.add(FieldError.invalid(path, value.isString() ? value.asString() : value.toString(),
                    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
            return null;
        }
        if (q.signum() < 0) {
            errors.add(FieldError.invalid(path, q.toString(), "must be greater than or equal to 0"));
        }
        return q;
    }
}
