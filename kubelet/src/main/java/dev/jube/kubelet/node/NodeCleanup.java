package dev.jube.kubelet.node;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.v1.PodSandbox;
import dev.jube.kubelet.cri.v1.PodSandboxFilter;
import dev.jube.kubelet.pods.Cgroups;
import dev.jube.kubelet.pods.CriLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Removes what an agent leaves on its host when it should leave nothing: its pods' sandboxes
 * (and so their containers and network namespaces), their cgroups, the pod bridge and mounts
 * under its folder. Containers outlive a stopped agent on purpose; this is for uninstalling and
 * for tests.
 */
public final class NodeCleanup {

    private NodeCleanup() {}

    /** Stops and removes every sandbox this agent made; returns how many. */
    public static int removeSandboxes(CriClient cri) {
        int removed = 0;
        for (PodSandbox sb : cri.listPodSandboxes(PodSandboxFilter.newBuilder()
                .putLabelSelector(CriLabels.MANAGED_BY, "true").build())) {
            try {
                cri.stopPodSandbox(sb.getId());
                cri.removePodSandbox(sb.getId());
                removed++;
            } catch (RuntimeException e) {
                // keep going: the rest still needs removing
            }
            Cgroups.removePod(sb.getLabelsMap().get(CriLabels.POD_UID));
        }
        return removed;
    }

    public static void deleteBridge(String name) {
        run("ip", "link", "del", name);
    }

    /** Lazily unmounts everything mounted under {@code dir}, deepest first. */
    public static void unmountUnder(Path dir) {
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && Path.of(f[4]).startsWith(dir)) {
                    mounts.add(f[4]);
                }
            }
        } catch (IOException e) {
            return;
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        for (String m : mounts) {
            run("umount", "-l", m);
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // the tool is missing: there is nothing of ours to remove with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
