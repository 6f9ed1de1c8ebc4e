package dev.jube.kubelet;

import dev.jube.kubelet.cri.CriClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What tests that drive containerd directly need from the host: a free pod range, and cleaning up after. */
public final class TestHost {

    private TestHost() {}

    /** A /24 in 10.244.0.0/16 that no route on this host covers. */
    public static String freePodCidr() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-4", "route", "show", "table", "all").redirectErrorStream(true).start();
        String routes = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        for (int i = 0; i < 50; i++) {
            int third = 100 + ThreadLocalRandom.current().nextInt(150);
            if (!routes.contains("10.244." + third + ".") && !routes.contains("10.244.0.0/16")
                    && !routes.contains("10.0.0.0/8")) {
                return "10.244." + third + ".0/24";
            }
        }
        throw new IllegalStateException("no free 10.244.x.0/24 on this host");
    }

    /** Stops and removes a sandbox and its containers. */
    public static void removeSandbox(CriClient cri, String sandboxId) {
        for (var c : cri.listContainers()) {
            if (c.getPodSandboxId().equals(sandboxId)) {
                cri.stopContainer(c.getId(), 0);
                cri.removeContainer(c.getId());
            }
        }
        cri.stopPodSandbox(sandboxId);
        cri.removePodSandbox(sandboxId);
    }

    /** Removes the (empty) cgroup folder {@code cgroupParent} and its children in every hierarchy. */
    public static void removeCgroups(String cgroupParent) throws IOException {
        if (cgroupParent == null) {
            return;
        }
        try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path controller : controllers.toList()) {
                Path parent = controller.resolve(cgroupParent.substring(1));
                if (Files.isDirectory(parent)) {
                    try (Stream<Path> children = Files.list(parent)) {
                        children.filter(Files::isDirectory).forEach(c -> c.toFile().delete());
                    }
                    parent.toFile().delete();
                }
            }
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
