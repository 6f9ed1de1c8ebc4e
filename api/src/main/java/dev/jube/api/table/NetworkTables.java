package dev.jube.api.table;

import static dev.jube.api.table.Fields.at;
import static dev.jube.api.table.Fields.has;
import static dev.jube.api.table.Fields.list;
import static dev.jube.api.table.Fields.num;
import static dev.jube.api.table.Fields.str;
import static dev.jube.api.table.TableColumn.ageColumn;
import static dev.jube.api.table.TableColumn.nameColumn;
import static dev.jube.api.table.TableColumn.of;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Tables of the networking.k8s.io and discovery.k8s.io groups. */
final class NetworkTables {

    private NetworkTables() {
    }

    static void registerNetworking(Map<String, TableDefinition> tables) {
        tables.put("ingresses", TableDefinition.of(nameColumn(),
                of("Class", "string", "The name of the IngressClass resource that should be used for additional "
                        + "configuration", (o, now) -> has(o, "spec", "ingressClassName")
                        ? str(o, "spec", "ingressClassName") : Formats.NONE),
                of("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule",
                        (o, now) -> ingressHosts(o)),
                of("Address", "string", "Address is a list containing ingress points for the load-balancer",
                        (o, now) -> CoreTables.loadBalancerAddresses(at(o, "status", "loadBalancer"))),
                of("Ports", "string", "Ports of TLS configurations that open",
                        (o, now) -> list(o, "spec", "tls").isEmpty() ? "80" : "80, 443"),
                ageColumn()));
        tables.put("ingressclasses", TableDefinition.of(nameColumn(),
                of("Controller", "string", "Controller that is responsible for handling this class",
                        (o, now) -> str(o, "spec", "controller")),
                of("Parameters", "string", "A reference to a resource with additional parameters",
                        (o, now) -> ingressClassParameters(o)),
                ageColumn()));
        tables.put("networkpolicies", TableDefinition.of(nameColumn(),
                of("Pod-Selector", "string", "The pods the policy applies to.",
                        (o, now) -> emptySelectorIfAbsent(at(o, "spec", "podSelector"))),
                ageColumn()));
        tables.put("servicecidrs", TableDefinition.of(nameColumn(),
                of("CIDRs", "string", "The IP ranges of the service CIDR.", (o, now) -> {
                    List<String> cidrs = new ArrayList<>();
                    list(o, "spec", "cidrs").forEach(c -> cidrs.add(c.asString()));
                    return String.join(",", cidrs);
                }),
                ageColumn()));
        tables.put("ipaddresses", TableDefinition.of(nameColumn(),
                of("ParentRef", "string", "The object this IP address is allocated to.",
                        (o, now) -> ipAddressParent(o)),
                ageColumn()));
    }

    static void registerDiscovery(Map<String, TableDefinition> tables) {
        tables.put("endpointslices", TableDefinition.of(nameColumn(),
                of("AddressType", "string", "The type of addresses carried by the slice.",
                        (o, now) -> str(o, "addressType")),
                of("Ports", "string", "The ports of the slice.", (o, now) -> slicePorts(o)),
                of("Endpoints", "string", "The addresses of the slice's endpoints.", (o, now) -> sliceEndpoints(o)),
                ageColumn()));
    }

    /** A non-pointer selector: an absent one is the empty selector, which prints "&lt;none&gt;". */
    private static String emptySelectorIfAbsent(JsonNode selector) {
        return has(selector) ? Formats.labelSelector(selector) : Formats.NONE;
    }

    /** Up to three hosts of the rules; "*" when no rule names a host. */
    static String ingressHosts(JsonNode ingress) {
        List<JsonNode> rules = list(ingress, "spec", "rules");
        final int max = 3;
        List<String> hosts = new ArrayList<>();
        boolean more = false;
        for (JsonNode rule : rules) {
            if (hosts.size() == max) {
                more = true;
            }
            String host = str(rule, "host");
            if (!more && !host.isEmpty()) {
                hosts.add(host);
            }
        }
        if (hosts.isEmpty()) {
            return "*";
        }
        String joined = String.join(",", hosts);
        return more ? joined + " + " + (rules.size() - max) + " more..." : joined;
    }

    private static String ingressClassParameters(JsonNode ic) {
        if (!has(ic, "spec", "parameters")) {
            return Formats.NONE;
        }
        JsonNode p = at(ic, "spec", "parameters");
        String text = str(p, "kind");
        if (has(p, "apiGroup")) {
            text += "." + str(p, "apiGroup");
        }
        return text + "/" + str(p, "name");
    }

    private static String ipAddressParent(JsonNode ip) {
        if (!has(ip, "spec", "parentRef")) {
            return Formats.NONE;
        }
        JsonNode ref = at(ip, "spec", "parentRef");
        String resource = str(ref, "resource");
        String group = str(ref, "group");
        String text = (group.isEmpty() ? resource : resource + "." + group).toLowerCase(Locale.ROOT);
        if (!str(ref, "namespace").isEmpty()) {
            text += "/" + str(ref, "namespace");
        }
        return text + "/" + str(ref, "name");
    }

    static String slicePorts(JsonNode slice) {
        final int max = 3;
        List<String> shown = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (JsonNode port : list(slice, "ports")) {
            if (shown.size() < max) {
                if (has(port, "port")) {
                    shown.add(Long.toString(num(port, "port")));
                } else if (has(port, "name")) {
                    shown.add(str(port, "name"));
                } else {
                    shown.add("*");
                }
            } else if (shown.size() == max) {
                more = true;
            }
            count++;
        }
        return Formats.withMore(shown, more, count, max);
    }

    static String sliceEndpoints(JsonNode slice) {
        final int max = 3;
        List<String> shown = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (JsonNode endpoint : list(slice, "endpoints")) {
            for (JsonNode address : list(endpoint, "addresses")) {
                if (shown.size() < max) {
                    shown.add(address.asString());
                } else if (shown.size() == max) {
                    more = true;
                }
                count++;
            }
        }
        return Formats.withMore(shown, more, count, max);
    }
}
