package dev.jube.kubelet.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programs a node needs on the host and the Debian/Ubuntu packages that carry them. {@link #ensure}
 * installs what is missing with apt-get when it may (root, apt present, allowed), else fails naming the
 * exact packages.
 */
public final class HostPackages {

    private static final Logger LOG = LoggerFactory.getLogger(HostPackages.class);

    /** Where programs are looked for besides PATH (root's PATH may lack the sbin folders). */
    public static final List<Path> SYSTEM_BIN_DIRS = List.of(
            Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin"), Path.of("/usr/bin"),
            Path.of("/sbin"), Path.of("/bin"));
    /** Debian's containernetworking-plugins installs the CNI plugins here. */
    public static final Path DEBIAN_CNI_BIN_DIR = Path.of("/usr/lib/cni");

    /** One thing the node needs: a program on the search path or a CNI plugin, and its package. */
    public record Requirement(String name, Kind kind, String debianPackage) {
        public enum Kind { PROGRAM, CNI_PLUGIN, STATIC_BUSYBOX }
    }

    public static final List<Requirement> NODE_REQUIREMENTS = List.of(
            new Requirement("containerd", Requirement.Kind.PROGRAM, "containerd"),
            new Requirement("containerd-shim-runc-v2", Requirement.Kind.PROGRAM, "containerd"),
            new Requirement("ctr", Requirement.Kind.PROGRAM, "containerd"),
            new Requirement("runc", Requirement.Kind.PROGRAM, "runc"),
            new Requirement("bridge", Requirement.Kind.CNI_PLUGIN, "containernetworking-plugins"),
            new Requirement("host-local", Requirement.Kind.CNI_PLUGIN, "containernetworking-plugins"),
            new Requirement("loopback", Requirement.Kind.CNI_PLUGIN, "containernetworking-plugins"),
            new Requirement("portmap", Requirement.Kind.CNI_PLUGIN, "containernetworking-plugins"),
            new Requirement("nft", Requirement.Kind.PROGRAM, "nftables"),
            new Requirement("ip", Requirement.Kind.PROGRAM, "iproute2"),
            // The local pause and test images are built from a statically linked busybox.
            new Requirement("busybox", Requirement.Kind.STATIC_BUSYBOX, "busybox-static"));

    private final List<Requirement> requirements;
    private final List<Path> searchPath;
    private final Path cniBinDir;

    public HostPackages() {
        this(NODE_REQUIREMENTS, defaultSearchPath(), DEBIAN_CNI_BIN_DIR);
    }

    public HostPackages(List<Requirement> requirements, List<Path> searchPath, Path cniBinDir) {
        this.requirements = List.copyOf(requirements);
        this.searchPath = List.copyOf(searchPath);
        this.cniBinDir = cniBinDir;
    }

    /** PATH's folders followed by the usual system folders. */
    public static List<Path> defaultSearchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String p : path.split(":")) {
                if (!p.isEmpty()) {
                    dirs.add(Path.of(p));
                }
            }
        }
        dirs.addAll(SYSTEM_BIN_DIRS);
        return List.copyOf(dirs);
    }

    /** The package that carries a required program or plugin, or null if it is not one the node needs. */
    public static String packageFor(String name) {
        for (Requirement r : NODE_REQUIREMENTS) {
            if (r.name().equals(name)) {
                return r.debianPackage();
            }
        }
        return null;
    }

    /** Finds an executable on the search path, or null. */
    public Path find(String program) {
        return find(program, searchPath);
    }

    public static Path find(String program, List<Path> dirs) {
        for (Path dir : dirs) {
            Path p = dir.resolve(program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    public List<Requirement> missing() {
        List<Requirement> out = new ArrayList<>();
        for (Requirement r : requirements) {
            if (!present(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The packages to install, each once, in requirement order. */
    public List<String> missingPackages() {
        Set<String> pkgs = new LinkedHashSet<>();
        for (Requirement r : missing()) {
            pkgs.add(r.debianPackage());
        }
        return List.copyOf(pkgs);
    }

    private boolean present(Requirement r) {
        return switch (r.kind()) {
            case PROGRAM -> find(r.name()) != null;
            case CNI_PLUGIN -> Files.isExecutable(cniBinDir.resolve(r.name()));
            case STATIC_BUSYBOX -> {
                Path p = find(r.name());
                yield p != null && isStaticElf(p);
            }
        };
    }

    /**
     * Makes sure everything is present. Installs the missing packages with apt-get when
     * {@code mayInstall}, running as root and apt-get exists; otherwise throws naming them.
     */
    public void ensure(boolean mayInstall) {
        List<String> pkgs = missingPackages();
        if (pkgs.isEmpty()) {
            return;
        }
        String list = String.join(" ", pkgs);
        Path apt = find("apt-get");
        if (!mayInstall || !isRoot() || apt == null) {
            String why = !mayInstall ? "installing was not allowed"
                    : !isRoot() ? "not running as root" : "apt-get is not available";
            throw new MissingPackagesException(pkgs, "the node needs these host packages: " + list + " (" + why
                    + "); install them as root: apt-get install -y " + list);
        }
        String say = "jube: installing host packages the node needs: " + list;
        System.err.println(say);
        LOG.info(say);
        if (aptInstall(apt, pkgs) != 0) {
            // A fresh machine may never have fetched its package lists.
            run(List.of(apt.toString(), "update", "-q"));
            int rc = aptInstall(apt, pkgs);
            if (rc != 0) {
                throw new MissingPackagesException(pkgs, "apt-get install " + list + " failed with exit code " + rc
                        + "; install them as root: apt-get install -y " + list);
            }
        }
        List<String> still = missingPackages();
        if (!still.isEmpty()) {
            throw new MissingPackagesException(still, "still missing after installing: " + String.join(" ", still));
        }
    }

    private static int aptInstall(Path apt, List<String> pkgs) {
        List<String> cmd = new ArrayList<>(List.of(apt.toString(), "install", "-y", "-q", "--no-install-recommends"));
        cmd.addAll(pkgs);
        return run(cmd);
    }

    private static int run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** True for a 64- or 32-bit ELF executable without a program interpreter (statically linked). */
    public static boolean isStaticElf(Path file) {
        return hasNoInterpreter.test(file);
    }

    private static final Predicate<Path> hasNoInterpreter = file -> {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64);
            if (head.length < 52 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
                return false;
            }
            boolean is64 = head[4] == 2;
            boolean little = head[5] == 1;
            long phoff = is64 ? num(head, 32, 8, little) : num(head, 28, 4, little);
            int phentsize = (int) (is64 ? num(head, 54, 2, little) : num(head, 42, 2, little));
            int phnum = (int) (is64 ? num(head, 56, 2, little) : num(head, 44, 2, little));
            byte[] all = Files.readAllBytes(file);
            for (int i = 0; i < phnum; i++) {
                int off = (int) (phoff + (long) i * phentsize);
                if (off + 4 > all.length) {
                    return false;
                }
                if (num(all, off, 4, little) == 3) { // PT_INTERP
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    };

    private static long num(byte[] b, int off, int len, boolean little) {
        long v = 0;
        for (int i = 0; i < len; i++) {
            int idx = little ? off + len - 1 - i : off + i;
            v = (v << 8) | (b[idx] & 0xff);
        }
        return v;
    }

    /** The node cannot run: host packages are missing. */
    public static final class MissingPackagesException extends RuntimeException {
        private final List<String> packages;

        public MissingPackagesException(List<String> packages, String message) {
            super(message);
            this.packages = List.copyOf(packages);
        }

        public List<String> packages() {
            return packages;
        }
    }
}
