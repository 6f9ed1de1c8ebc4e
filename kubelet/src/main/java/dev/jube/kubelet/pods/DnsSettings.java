package dev.jube.kubelet.pods;

import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.PodDNSConfig;
import dev.jube.kubelet.model.PodDNSConfigOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** A pod's resolv.conf by dnsPolicy, as upstream's kubelet writes it. */
public final class DnsSettings {

    public record Resolved(List<String> servers, List<String> searches, List<String> options) {}

    private final List<String> clusterDns;
    private final String clusterDomain;
    private final Resolved host;
    private final String nodeHostname;

    public DnsSettings(List<String> clusterDns, String clusterDomain, Path hostResolvConf, String nodeHostname) {
        this.clusterDns = List.copyOf(clusterDns);
        this.clusterDomain = clusterDomain;
        this.host = parse(hostResolvConf);
        this.nodeHostname = nodeHostname;
    }

    String nodeHostname() {
        return nodeHostname;
    }

    Resolved resolve(Pod pod) {
        String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        boolean cluster = !clusterDns.isEmpty() && ("ClusterFirstWithHostNet".equals(policy)
                || "ClusterFirst".equals(policy) && !hostNetwork);
        List<String> servers = new ArrayList<>();
        LinkedHashSet<String> searches = new LinkedHashSet<>();
        LinkedHashSet<String> options = new LinkedHashSet<>();
        if (cluster) {
            servers.addAll(clusterDns);
            String ns = pod.getMetadata().getNamespace();
            searches.add(ns + ".svc." + clusterDomain);
            searches.add("svc." + clusterDomain);
            searches.add(clusterDomain);
            searches.addAll(host.searches);
            options.add("ndots:5");
        } else if (!"None".equals(policy)) {
            servers.addAll(host.servers);
            searches.addAll(host.searches);
            options.addAll(host.options);
        }
        PodDNSConfig extra = pod.getSpec().getDnsConfig();
        if (extra != null) {
            if (extra.getNameservers() != null) {
                extra.getNameservers().stream().filter(s -> !servers.contains(s)).forEach(servers::add);
            }
            if (extra.getSearches() != null) {
                searches.addAll(extra.getSearches());
            }
            if (extra.getOptions() != null) {
                for (PodDNSConfigOption o : extra.getOptions()) {
                    options.removeIf(x -> x.equals(o.getName()) || x.startsWith(o.getName() + ":"));
                    options.add(o.getValue() == null ? o.getName() : o.getName() + ":" + o.getValue());
                }
            }
        }
        return new Resolved(List.copyOf(servers.subList(0, Math.min(3, servers.size()))),
                List.copyOf(new ArrayList<>(searches).subList(0, Math.min(32, searches.size()))), List.copyOf(options));
    }

    private static Resolved parse(Path file) {
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        List<String> lines;
        try {
            lines = file == null || !Files.exists(file) ? List.of() : Files.readAllLines(file);
        } catch (IOException e) {
            lines = List.of();
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || f[0].startsWith("#")) {
                continue;
            }
            switch (f[0]) {
                case "nameserver" -> servers.add(f[1]);
                case "search", "domain" -> searches.addAll(List.of(f).subList(1, f.length));
                case "options" -> options.addAll(List.of(f).subList(1, f.length));
                default -> { }
            }
        }
        return new Resolved(servers, searches, options);
    }
}
