package dev.jube.kubelet.containerd;

import dev.jube.kubelet.host.HostPackages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the containerd daemon, its runc shim and runc are on this host. */
public record ContainerdBinaries(Path containerd, Path shim, Path runc) {

    public static ContainerdBinaries find() {
        return find(HostPackages.defaultSearchPath());
    }

    /** Looks in {@code dirs} in order; fails naming the packages to install when something is missing. */
    public static ContainerdBinaries find(List<Path> dirs) {
        Path containerd = HostPackages.find("containerd", dirs);
        Path shim = HostPackages.find("containerd-shim-runc-v2", dirs);
        Path runc = HostPackages.find("runc", dirs);
        List<String> missing = new ArrayList<>();
        if (containerd == null || shim == null) {
            missing.add("containerd");
        }
        if (runc == null) {
            missing.add("runc");
        }
        if (!missing.isEmpty()) {
            throw new HostPackages.MissingPackagesException(missing, "containerd, containerd-shim-runc-v2 and runc"
                    + " are needed to run containers; install them as root: apt-get install -y "
                    + String.join(" ", missing));
        }
        return new ContainerdBinaries(containerd, shim, runc);
    }

    /** PATH for the daemon: it finds its shim there, and the shim finds runc. */
    public String searchPath() {
        List<String> dirs = new ArrayList<>();
        for (Path p : List.of(shim, runc, containerd)) {
            String d = p.getParent().toString();
            if (!dirs.contains(d)) {
                dirs.add(d);
            }
        }
        for (String d : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (!dirs.contains(d)) {
                dirs.add(d);
            }
        }
        return String.join(":", dirs);
    }
}
