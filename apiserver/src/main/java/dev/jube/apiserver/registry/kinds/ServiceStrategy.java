package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.api.validation.Names;
import dev.jube.apiserver.registry.Allocation;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.InvalidObjectException;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.kinds.ServiceRanges.IpRange;
import dev.jube.apiserver.storage.ObjectStorage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Services: upstream's defaults, port and type validation, and cluster IPs and node ports taken
 * from {@link KeyedPool}s when the service is written and given back when it is deleted or no
 * longer needs them.
 */
public final class ServiceStrategy extends GenericStrategy {

    static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    static final List<String> AFFINITIES = List.of("ClientIP", "None");
    static final String IP_PREFIX = "/registry/ranges/serviceips/";
    static final String PORT_PREFIX = "/registry/ranges/servicenodeports/";

    private final ServiceRanges ranges;
    private final IpRange ipRange;
    private final KeyedPool ips;
    private final KeyedPool nodePorts;

    public ServiceStrategy(ServiceRanges ranges) {
        this.ranges = ranges;
        this.ipRange = ranges.ipRange();
        this.ips = new KeyedPool(IP_PREFIX, new KeyedPool.Space() {
            @Override
            public long size() {
                return ipRange.size() - 2;
            }

            @Override
            public String value(long offset) {
                return ipRange.address(offset + 1);
            }

            @Override
            public long offset(String value) {
                long off = ipRange.offset(value);
                return off < 0 ? -1 : off - 1;
            }
        });
        this.nodePorts = new KeyedPool(PORT_PREFIX, new KeyedPool.Space() {
            @Override
            public long size() {
                return ranges.nodePortMax() - ranges.nodePortMin() + 1L;
            }

            @Override
            public String value(long offset) {
                return Long.toString(ranges.nodePortMin() + offset);
            }

            @Override
            public long offset(String value) {
                try {
                    long port = Long.parseLong(value);
                    return port < ranges.nodePortMin() || port > ranges.nodePortMax() ? -1 : port - ranges.nodePortMin();
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        });
    }

    public ServiceRanges ranges() {
        return ranges;
    }

    /** Records {@code ip} as held by a service written outside the handlers (the kubernetes Service). */
    public boolean claimIp(ObjectStorage storage, String ip, String namespace, String name, String uid) {
        return ips.claim(storage, ip, namespace, name, uid);
    }

    // ---- defaulting

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        defaults(obj);
        obj.putObject("status").putObject("loadBalancer");
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        ObjectNode spec = Fields.child(obj, "spec");
        JsonNode oldSpec = old.path("spec");
        String type = Fields.string(spec, "type").isEmpty() ? "ClusterIP" : Fields.string(spec, "type");
        String oldType = Fields.string(oldSpec, "type");
        // Keep what was allocated when the client left it out, as upstream does.
        if (!type.equals("ExternalName") && !oldType.equals("ExternalName")) {
            if (Fields.string(spec, "clusterIP").isEmpty() && !Fields.has(spec, "clusterIPs")) {
                copy(oldSpec, spec, "clusterIP");
                copy(oldSpec, spec, "clusterIPs");
            }
            if (!Fields.has(spec, "ipFamilies")) {
                copy(oldSpec, spec, "ipFamilies");
            }
        }
        if (type.equals("ExternalName") && !oldType.equals("ExternalName")) {
            // Dropping the fields the new type does not use, when the client did not change them.
            for (String f : new String[] {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy",
                    "internalTrafficPolicy"}) {
                if (Fields.same(spec.get(f), oldSpec.get(f))) {
                    spec.remove(f);
                }
            }
        }
        if (needsNodePorts(spec)) {
            for (JsonNode p : Fields.array(spec, "ports")) {
                if (p instanceof ObjectNode port && port.path("nodePort").asInt(0) == 0) {
                    JsonNode match = oldPort(oldSpec, port);
                    if (match != null && match.path("nodePort").asInt(0) != 0) {
                        port.put("nodePort", match.path("nodePort").asInt());
                    }
                }
            }
        } else {
            for (JsonNode p : Fields.array(spec, "ports")) {
                JsonNode match = oldPort(oldSpec, p);
                if (p instanceof ObjectNode port && match != null && Fields.same(port.get("nodePort"), match.get("nodePort"))) {
                    port.remove("nodePort");
                }
            }
        }
        defaults(obj);
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (Fields.has(from, field)) {
            to.set(field, from.get(field).deepCopy());
        }
    }

    private static JsonNode oldPort(JsonNode oldSpec, JsonNode port) {
        for (JsonNode p : Fields.array(oldSpec, "ports")) {
            if (p.path("port").asInt(-1) == port.path("port").asInt(-2)
                    && Fields.string(p, "protocol").equals(Fields.string(port, "protocol").isEmpty() ? "TCP"
                    : Fields.string(port, "protocol"))) {
                return p;
            }
        }
        return null;
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Fields.child(obj, "spec");
        Fields.defaultString(spec, "type", "ClusterIP");
        Fields.defaultString(spec, "sessionAffinity", "None");
        if (spec.path("sessionAffinity").asString().equals("ClientIP")) {
            Fields.defaultInt(Fields.child(Fields.child(spec, "sessionAffinityConfig"), "clientIP"), "timeoutSeconds",
                    10800);
        }
        for (JsonNode p : Fields.array(spec, "ports")) {
            if (p instanceof ObjectNode port) {
                Fields.defaultString(port, "protocol", "TCP");
                JsonNode target = port.get("targetPort");
                if (target == null || target.isNull() || target.isIntegralNumber() && target.asInt() == 0
                        || target.isString() && target.asString().isEmpty()) {
                    if (port.get("port") != null) {
                        port.set("targetPort", port.get("port").deepCopy());
                    }
                }
            }
        }
        String type = spec.path("type").asString();
        if (type.equals("ExternalName")) {
            return;
        }
        String clusterIp = Fields.string(spec, "clusterIP");
        ArrayNode clusterIps = spec.get("clusterIPs") instanceof ArrayNode a ? a : null;
        if (clusterIp.isEmpty() && clusterIps != null && !clusterIps.isEmpty()) {
            spec.put("clusterIP", clusterIps.get(0).asString());
        } else if (!clusterIp.isEmpty() && (clusterIps == null || clusterIps.isEmpty())) {
            spec.putArray("clusterIPs").add(clusterIp);
        }
        if (!(spec.get("ipFamilies") instanceof ArrayNode families) || families.isEmpty()) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        Fields.defaultString(spec, "ipFamilyPolicy", "SingleStack");
        Fields.defaultString(spec, "internalTrafficPolicy", "Cluster");
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            Fields.defaultString(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            Fields.defaultBool(spec, "allocateLoadBalancerNodePorts", true);
        }
    }

    // ---- validation

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        JsonNode spec = obj.path("spec");
        String type = Fields.string(spec, "type");
        if (!TYPES.contains(type)) {
            errors.add(FieldError.notSupported("spec.type", type, TYPES));
            return errors;
        }
        String affinity = Fields.string(spec, "sessionAffinity");
        if (!AFFINITIES.contains(affinity)) {
            errors.add(FieldError.notSupported("spec.sessionAffinity", affinity, AFFINITIES));
        }
        String clusterIp = Fields.string(spec, "clusterIP");
        if (type.equals("ExternalName")) {
            String external = Fields.string(spec, "externalName");
            if (external.isEmpty()) {
                errors.add(FieldError.required("spec.externalName", ""));
            } else {
                for (String msg : Names.dns1123Subdomain(external.endsWith(".")
                        ? external.substring(0, external.length() - 1) : external)) {
                    errors.add(FieldError.invalid("spec.externalName", external, msg));
                }
            }
            if (!clusterIp.isEmpty()) {
                errors.add(FieldError.invalid("spec.clusterIP", clusterIp, "may not be set for ExternalName services"));
            }
        } else if (!clusterIp.isEmpty() && !clusterIp.equals("None") && IpRange.parseIp(clusterIp) < 0) {
            errors.add(FieldError.invalid("spec.clusterIPs[0]", clusterIp,
                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }
        boolean headless = clusterIp.equals("None");
        if (headless && (type.equals("NodePort") || type.equals("LoadBalancer"))) {
            errors.add(FieldError.invalid("spec.clusterIPs[0]", "None",
                    "may not be set to 'None' for " + type + " services"));
        }
        ArrayNode ports = Fields.array(spec, "ports");
        if (ports.isEmpty() && !type.equals("ExternalName") && !headless) {
            errors.add(FieldError.required("spec.ports", ""));
        }
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        int i = 0;
        for (JsonNode port : ports) {
            String p = "spec.ports[" + i++ + "]";
            String name = Fields.string(port, "name");
            if (name.isEmpty()) {
                if (ports.size() > 1) {
                    errors.add(FieldError.required(p + ".name", ""));
                }
            } else {
                for (String msg : Names.dns1123Label(name)) {
                    errors.add(FieldError.invalid(p + ".name", name, msg));
                }
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(p + ".name", name));
                }
            }
            long number = port.path("port").asLong(0);
            if (number < 1 || number > 65535) {
                errors.add(FieldError.invalid(p + ".port", number, PodSpecs.portRangeMessage()));
            }
            String protocol = Fields.string(port, "protocol");
            if (!PodSpecs.PROTOCOLS.contains(protocol)) {
                errors.add(FieldError.notSupported(p + ".protocol", protocol, PodSpecs.PROTOCOLS));
            }
            if (!keys.add(number + "/" + protocol)) {
                errors.add(FieldError.duplicate(p, new Fields.Raw("core.ServicePort{Port:" + number + ", Protocol:\""
                        + protocol + "\"}")));
            }
            JsonNode target = port.get("targetPort");
            if (target != null && target.isIntegralNumber()) {
                if (target.asLong() < 1 || target.asLong() > 65535) {
                    errors.add(FieldError.invalid(p + ".targetPort", target.asLong(), PodSpecs.portRangeMessage()));
                }
            } else if (target != null && target.isString()) {
                for (String msg : PodSpecs.portNameErrors(target.asString())) {
                    errors.add(FieldError.invalid(p + ".targetPort", target.asString(), msg));
                }
            }
            long nodePort = port.path("nodePort").asLong(0);
            if (nodePort != 0 && !type.equals("NodePort") && !type.equals("LoadBalancer")) {
                errors.add(FieldError.forbidden(p + ".nodePort", "may not be used when `type` is '" + type + "'"));
            }
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = validate(d, obj);
        String oldIp = Fields.string(old.path("spec"), "clusterIP");
        String newIp = Fields.string(obj.path("spec"), "clusterIP");
        boolean externalName = Fields.string(obj.path("spec"), "type").equals("ExternalName")
                || Fields.string(old.path("spec"), "type").equals("ExternalName");
        if (!externalName && !oldIp.isEmpty() && !oldIp.equals(newIp)) {
            errors.add(FieldError.invalid("spec.clusterIPs[0]", ipList(newIp), "may not change once set"));
        }
        return errors;
    }

    private static Fields.Raw ipList(String ip) {
        return new Fields.Raw(ip.isEmpty() ? "[]string(nil)" : "[]string{\"" + ip + "\"}");
    }

    // ---- allocation

    static boolean needsClusterIp(JsonNode spec) {
        return !Fields.string(spec, "type").equals("ExternalName") && !Fields.string(spec, "clusterIP").equals("None");
    }

    static boolean needsNodePorts(JsonNode spec) {
        String type = Fields.string(spec, "type");
        return type.equals("NodePort")
                || type.equals("LoadBalancer") && spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
    }

    @Override
    public Allocation allocate(ObjectStorage storage, ResourceDescriptor d, ObjectNode obj, ObjectNode old,
                               boolean dryRun) {
        ObjectNode spec = Fields.child(obj, "spec");
        JsonNode meta = obj.path("metadata");
        String ns = Fields.string(meta, "namespace");
        String name = Fields.string(meta, "name");
        String uid = Fields.string(meta, "uid");
        Set<String> oldIps = old == null ? Set.of() : heldIps(old.path("spec"));
        Set<String> oldPorts = old == null ? Set.of() : heldPorts(old.path("spec"));
        List<String> claimedIps = new ArrayList<>();
        List<String> claimedPorts = new ArrayList<>();
        Runnable rollback = () -> {
            claimedIps.forEach(ip -> ips.release(storage, ip, uid));
            claimedPorts.forEach(port -> nodePorts.release(storage, port, uid));
        };
        try {
            if (needsClusterIp(spec)) {
                String ip = Fields.string(spec, "clusterIP");
                if (ip.isEmpty()) {
                    String picked = dryRun ? ips.pickFree(storage) : ips.claimAny(storage, ns, name, uid);
                    if (picked == null) {
                        throw new InvalidObjectException(FieldError.invalid("spec.clusterIPs", ipList(""),
                                "failed to allocate a serviceIP: range is full"));
                    }
                    if (!dryRun) {
                        claimedIps.add(picked);
                    }
                    spec.put("clusterIP", picked);
                    spec.putArray("clusterIPs").add(picked);
                } else if (!oldIps.contains(ip)) {
                    if (!ips.contains(ip)) {
                        throw new InvalidObjectException(FieldError.invalid("spec.clusterIPs", ipList(ip),
                                "failed to allocate IP " + ip + ": the provided IP (" + ip + ") is not in the valid "
                                        + "range. The range of valid IPs is " + ranges.clusterIpCidr()));
                    }
                    boolean ok = dryRun ? ips.available(storage, ip, uid) : ips.claim(storage, ip, ns, name, uid);
                    if (!ok) {
                        throw new InvalidObjectException(FieldError.invalid("spec.clusterIPs", ipList(ip),
                                "failed to allocate IP " + ip + ": provided IP is already allocated"));
                    }
                    if (!dryRun) {
                        claimedIps.add(ip);
                    }
                }
            }
            if (needsNodePorts(spec)) {
                int i = 0;
                Set<String> inRequest = new HashSet<>();
                for (JsonNode p : Fields.array(spec, "ports")) {
                    String path = "spec.ports[" + i++ + "].nodePort";
                    if (!(p instanceof ObjectNode port)) {
                        continue;
                    }
                    int requested = port.path("nodePort").asInt(0);
                    if (requested == 0) {
                        String picked = dryRun ? nodePorts.pickFree(storage)
                                : nodePorts.claimAny(storage, ns, name, uid);
                        if (picked == null) {
                            throw new InvalidObjectException(FieldError.invalid(path, 0,
                                    "failed to allocate a nodePort: range is full"));
                        }
                        if (!dryRun) {
                            claimedPorts.add(picked);
                        }
                        port.put("nodePort", Integer.parseInt(picked));
                        inRequest.add(picked);
                        continue;
                    }
                    String value = Integer.toString(requested);
                    if (oldPorts.contains(value) || !inRequest.add(value)) {
                        continue;
                    }
                    if (!nodePorts.contains(value)) {
                        throw new InvalidObjectException(FieldError.invalid(path, requested, "provided port is not in "
                                + "the valid range. The range of valid ports is " + ranges.nodePortRange()));
                    }
                    boolean ok = dryRun ? nodePorts.available(storage, value, uid)
                            : nodePorts.claim(storage, value, ns, name, uid);
                    if (!ok) {
                        throw new InvalidObjectException(FieldError.invalid(path, requested,
                                "provided port is already allocated"));
                    }
                    if (!dryRun) {
                        claimedPorts.add(value);
                    }
                }
            }
        } catch (RuntimeException e) {
            rollback.run();
            throw e;
        }
        Set<String> newIps = heldIps(spec);
        Set<String> newPorts = heldPorts(spec);
        return new Allocation() {
            @Override
            public void commit() {
                for (String ip : oldIps) {
                    if (!newIps.contains(ip)) {
                        ips.release(storage, ip, uid);
                    }
                }
                for (String port : oldPorts) {
                    if (!newPorts.contains(port)) {
                        nodePorts.release(storage, port, uid);
                    }
                }
            }

            @Override
            public void rollback() {
                rollback.run();
            }
        };
    }

    @Override
    public void released(ObjectStorage storage, ResourceDescriptor d, ObjectNode obj) {
        String uid = Fields.string(obj.path("metadata"), "uid");
        for (String ip : heldIps(obj.path("spec"))) {
            ips.release(storage, ip, uid);
        }
        for (String port : heldPorts(obj.path("spec"))) {
            nodePorts.release(storage, port, uid);
        }
    }

    private static Set<String> heldIps(JsonNode spec) {
        Set<String> out = new HashSet<>();
        if (needsClusterIp(spec) && !Fields.string(spec, "clusterIP").isEmpty()) {
            out.add(Fields.string(spec, "clusterIP"));
        }
        return out;
    }

    private static Set<String> heldPorts(JsonNode spec) {
        Set<String> out = new HashSet<>();
        if (needsNodePorts(spec)) {
            for (JsonNode p : Fields.array(spec, "ports")) {
                int port = p.path("nodePort").asInt(0);
                if (port != 0) {
                    out.add(Integer.toString(port));
                }
            }
        }
        return out;
    }
}
