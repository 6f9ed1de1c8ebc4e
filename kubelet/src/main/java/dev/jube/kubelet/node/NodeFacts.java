package dev.jube.kubelet.node;

import dev.jube.kubelet.model.NodeSystemInfo;
import dev.jube.api.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the host is: its capacity and identity, read from /proc, /etc and the file system. */
public record NodeFacts(Map<String, Quantity> capacity, Map<String, Quantity> allocatable, NodeSystemInfo info,
        long memoryBytes) {

    /** Upstream's default hard eviction threshold, kept back from allocatable memory. */
    static final long RESERVED_MEMORY = 100L * 1024 * 1024;

    public static NodeFacts read(Path dataDir, String runtimeVersion, String kubeletVersion, int maxPods) {
        long memory = memTotalBytes();
        long disk;
        try {
            disk = Files.getFileStore(dataDir).getTotalSpace();
        } catch (IOException e) {
            disk = 0;
        }
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", Quantity.parse(Integer.toString(Runtime.getRuntime().availableProcessors())));
        capacity.put("ephemeral-storage", Quantity.parse(Long.toString(disk / 1024) + "Ki"));
        capacity.put("memory", Quantity.parse(Long.toString(memory / 1024) + "Ki"));
        capacity.put("pods", Quantity.parse(Integer.toString(maxPods)));
        Map<String, Quantity> allocatable = new LinkedHashMap<>(capacity);
        allocatable.put("memory", Quantity.parse(Long.toString(Math.max(0, memory - RESERVED_MEMORY) / 1024) + "Ki"));
        allocatable.put("ephemeral-storage", Quantity.parse(Long.toString(disk * 9 / 10)));
        String machineId = first(Path.of("/etc/machine-id"), "");
        NodeSystemInfo info = new NodeSystemInfo()
                .withArchitecture(arch())
                .withOperatingSystem("linux")
                .withKernelVersion(first(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version")))
                .withOsImage(osImage())
                .withContainerRuntimeVersion(runtimeVersion)
                .withKubeletVersion(kubeletVersion)
                .withKubeProxyVersion(kubeletVersion)
                .withMachineID(machineId)
                .withSystemUUID(first(Path.of("/sys/class/dmi/id/product_uuid"), machineId))
                .withBootID(first(Path.of("/proc/sys/kernel/random/boot_id"), ""));
        return new NodeFacts(Map.copyOf(capacity), Map.copyOf(allocatable), info, memory);
    }

    static long memTotalBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the JVM's view
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String osImage() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // unknown distribution
        }
        return "Linux";
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    private static String first(Path file, String fallback) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? fallback : lines.get(0).trim();
        } catch (IOException | SecurityException e) {
            return fallback;
        }
    }
}
