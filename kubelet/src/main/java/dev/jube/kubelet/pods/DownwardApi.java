package dev.jube.kubelet.pods;

import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.PodIP;
import dev.jube.api.Quantity;
import dev.jube.kubelet.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Values of fieldRef and resourceFieldRef, shared by env variables and downwardAPI volumes. */
public final class DownwardApi {

    private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

    private DownwardApi() {}

    /** The value at a supported field path; unknown paths are an error, as upstream validation makes them. */
    public static String field(Pod pod, String path) throws ContainerConfigException {
        Matcher m = SUBSCRIPT.matcher(path);
        if (m.matches()) {
            Map<String, String> map = "labels".equals(m.group(1)) ? pod.getMetadata().getLabels()
                    : pod.getMetadata().getAnnotations();
            return map == null ? "" : map.getOrDefault(m.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "metadata.labels" -> lines(pod.getMetadata().getLabels());
            case "metadata.annotations" -> lines(pod.getMetadata().getAnnotations());
            case "spec.nodeName" -> nullToEmpty(pod.getSpec().getNodeName());
            case "spec.serviceAccountName" -> nullToEmpty(pod.getSpec().getServiceAccountName());
            case "status.hostIP" -> pod.getStatus() == null ? "" : nullToEmpty(pod.getStatus().getHostIP());
            case "status.hostIPs" -> pod.getStatus() == null || pod.getStatus().getHostIPs() == null ? ""
                    : pod.getStatus().getHostIPs().stream().map(h -> h.getIp()).collect(Collectors.joining(","));
            case "status.podIP" -> pod.getStatus() == null ? "" : nullToEmpty(pod.getStatus().getPodIP());
            case "status.podIPs" -> pod.getStatus() == null || pod.getStatus().getPodIPs() == null ? ""
                    : pod.getStatus().getPodIPs().stream().map(PodIP::getIp).collect(Collectors.joining(","));
            default -> throw new ContainerConfigException("unsupported fieldPath: " + path);
        };
    }

    /**
     * A container's request or limit in units of {@code divisor}, rounded up as upstream does; an
     * unset limit reads as the node's allocatable amount.
     */
    public static String resource(Container c, String resource, Quantity divisor, Map<String, Quantity> allocatable)
            throws ContainerConfigException {
        int dot = resource.indexOf('.');
        if (dot < 0) {
            throw new ContainerConfigException("unsupported container resource: " + resource);
        }
        String kind = resource.substring(0, dot);
        String name = resource.substring(dot + 1);
        ResourceRequirements r = c.getResources();
        Map<String, Quantity> values = r == null ? null : "limits".equals(kind) ? r.getLimits()
                : "requests".equals(kind) ? r.getRequests() : null;
        if (!"limits".equals(kind) && !"requests".equals(kind)) {
            throw new ContainerConfigException("unsupported container resource: " + resource);
        }
        Quantity q = values == null ? null : values.get(name);
        if (q == null && "limits".equals(kind)) {
            q = allocatable.get(name);
        }
        if (q == null) {
            return "0";
        }
        BigDecimal d = divisor == null ? BigDecimal.ONE : divisor.amount();
        if (d.signum() == 0) {
            d = BigDecimal.ONE;
        }
        return q.amount().divide(d, 0, RoundingMode.CEILING).toPlainString();
    }

    /** Labels and annotations as a downwardAPI file: one {@code key="value"} line each, sorted. */
    private static String lines(Map<String, String> map) {
        if (map == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return out.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
