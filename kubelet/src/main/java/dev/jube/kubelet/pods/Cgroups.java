package dev.jube.kubelet.pods;

import dev.jube.kubelet.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where pods sit in the cgroup tree (cgroupfs layout, as upstream's kubelet without systemd):
 * {@code /kubepods/pod<uid>} for Guaranteed pods, {@code /kubepods/<qos>/pod<uid>} otherwise. The
 * paths are absolute because runc nests a relative path under the caller's own cgroup.
 */
public final class Cgroups {

    static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {}

    static String podParent(Pod pod) {
        String qos = QosClass.of(pod);
        String tier = "Guaranteed".equals(qos) ? "" : "/" + qos.toLowerCase(Locale.ROOT);
        return "/kubepods" + tier + "/pod" + pod.getMetadata().getUid();
    }

    /**
     * Removes the pod's (now empty) cgroup folders from every hierarchy, whatever its QoS tier; the
     * runtime removed the containers' own. A folder that still holds a process stays.
     */
    public static void removePod(String uid) {
        if (uid == null) {
            return;
        }
        List<Path> hierarchies;
        try (Stream<Path> s = Files.list(ROOT)) {
            hierarchies = s.toList();
        } catch (IOException e) {
            return;
        }
        for (Path h : hierarchies) {
            for (String tier : List.of("", "burstable/", "besteffort/")) {
                Path dir = h.resolve("kubepods/" + tier + "pod" + uid);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // A cgroup that still holds a process cannot go; the next teardown tries again.
                }
            }
        }
    }
}
