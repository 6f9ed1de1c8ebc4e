package dev.jube.kubelet.network;

import dev.jube.kubelet.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's pod network as a CNI network list: a Linux bridge that is the pods' gateway, host-local
 * addresses from the node's podCIDR and portmap for hostPort. containerd's CRI reads the list from its
 * conf folder and runs the plugins for every sandbox; it runs the loopback plugin itself, so it is not
 * part of the list (the loopback binary must still be in the CNI bin folder).
 *
 * @param networkName CNI network name
 * @param bridge      bridge interface name on the host (at most 15 characters)
 * @param podCidr     the node's IPv4 podCIDR, e.g. 10.244.1.0/24
 * @param routes      routes given to pods via the gateway, e.g. 0.0.0.0/0; empty for none
 * @param ipamDataDir where host-local records its allocations; null for the plugin's default
 */
public record CniConfig(String networkName, String bridge, String podCidr, List<String> routes, Path ipamDataDir) {

    public static final String DEFAULT_NETWORK = "jube";
    public static final String DEFAULT_BRIDGE = "jube0";
    /** Name of the file in the conf folder; containerd uses the first file in name order. */
    public static final String FILE_NAME = "10-jube.conflist";
    public static final String CNI_VERSION = "1.0.0";

    public CniConfig {
        if (bridge.isEmpty() || bridge.length() > 15) {
            throw new IllegalArgumentException("bridge name must be 1 to 15 characters: " + bridge);
        }
        Ipv4Cidr.parse(podCidr);
        routes = List.copyOf(routes);
    }

    /** The defaults: bridge jube0, a default route through it, host-local's own data folder. */
    public static CniConfig forPodCidr(String podCidr) {
        return new CniConfig(DEFAULT_NETWORK, DEFAULT_BRIDGE, podCidr, List.of("0.0.0.0/0"), null);
    }

    public CniConfig withBridge(String name) {
        return new CniConfig(networkName, name, podCidr, routes, ipamDataDir);
    }

    public CniConfig withRoutes(List<String> r) {
        return new CniConfig(networkName, bridge, podCidr, r, ipamDataDir);
    }

    public CniConfig withIpamDataDir(Path dir) {
        return new CniConfig(networkName, bridge, podCidr, routes, dir);
    }

    /** The gateway: the podCIDR's first address, held by the bridge. */
    public String gateway() {
        return Ipv4Cidr.parse(podCidr).firstHost();
    }

    /** The network list as JSON. */
    public String toJson() {
        Ipv4Cidr cidr = Ipv4Cidr.parse(podCidr);
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("subnet", cidr.toString());
        range.put("gateway", cidr.firstHost());
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "host-local");
        ipam.put("ranges", List.of(List.of(range)));
        List<Map<String, String>> routeList = new ArrayList<>();
        for (String r : routes) {
            routeList.add(Map.of("dst", r));
        }
        ipam.put("routes", routeList);
        if (ipamDataDir != null) {
            ipam.put("dataDir", ipamDataDir.toString());
        }
        Map<String, Object> bridgePlugin = new LinkedHashMap<>();
        bridgePlugin.put("type", "bridge");
        bridgePlugin.put("bridge", bridge);
        // The bridge holds the gateway address so the host reaches pods directly by their IPs.
        bridgePlugin.put("isGateway", true);
        // Service traffic rules (masquerade where needed) are the proxy's job, not the bridge's.
        bridgePlugin.put("ipMasq", false);
        // A pod reaching itself through a Service IP comes back through the same bridge port.
        bridgePlugin.put("hairpinMode", true);
        bridgePlugin.put("ipam", ipam);
        Map<String, Object> portmap = new LinkedHashMap<>();
        portmap.put("type", "portmap");
        portmap.put("capabilities", Map.of("portMappings", true));
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", networkName);
        list.put("plugins", List.of(bridgePlugin, portmap));
        return Json.write(list) + "\n";
    }

    /** Writes the list into {@code confDir} atomically (containerd watches the folder); returns the file. */
    public Path write(Path confDir) {
        try {
            Files.createDirectories(confDir);
            Path file = confDir.resolve(FILE_NAME);
            Path tmp = confDir.resolve("." + FILE_NAME + ".tmp");
            Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CNI config into " + confDir, e);
        }
    }
}
