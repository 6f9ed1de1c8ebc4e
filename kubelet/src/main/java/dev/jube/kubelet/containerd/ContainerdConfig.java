package dev.jube.kubelet.containerd;

import dev.jube.kubelet.host.HostPackages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The configuration of a containerd that the node agent runs itself: everything (root, state, socket,
 * config, log, CNI conf, registry hosts) lives under one folder, and the CRI plugin is set up the way
 * that works on hosts without systemd and without CAP_SYS_RESOURCE.
 *
 * @param dir         the agent's containerd folder
 * @param socket      the gRPC socket (see {@link #socketFor})
 * @param pauseImage  the sandbox image; it must be present locally when there is no registry access
 * @param cniBinDir   CNI plugin binaries
 * @param cniConfDir  CNI network configuration folder, ours alone
 * @param registryConfigDir hosts.toml folders per registry (mirrors, plain-HTTP registries)
 * @param runc        the runc binary the shim runs
 */
public record ContainerdConfig(Path dir, Path socket, String pauseImage, Path cniBinDir, Path cniConfDir,
        Path registryConfigDir, Path runc) {

    public static final String DEFAULT_PAUSE_IMAGE = "jube.dev/pause:3.10";
    /** sun_path holds 108 bytes including the final NUL. */
    static final int MAX_SOCKET_PATH = 107;
    /** containerd also listens on SOCKET.ttrpc: the longer of the two must fit. */
    static final String TTRPC_SUFFIX = ".ttrpc";

    /** The defaults for a folder: socket under it (or a short fallback), Debian's CNI plugins. */
    public static ContainerdConfig forDir(Path dir, Path runc) {
        Path abs = dir.toAbsolutePath().normalize();
        return new ContainerdConfig(abs, socketFor(abs), DEFAULT_PAUSE_IMAGE, HostPackages.DEBIAN_CNI_BIN_DIR,
                abs.resolve("cni/net.d"), abs.resolve("certs.d"), runc);
    }

    public ContainerdConfig withPauseImage(String image) {
        return new ContainerdConfig(dir, socket, image, cniBinDir, cniConfDir, registryConfigDir, runc);
    }

    public ContainerdConfig withCniBinDir(Path binDir) {
        return new ContainerdConfig(dir, socket, pauseImage, binDir, cniConfDir, registryConfigDir, runc);
    }

    /**
     * DIR/containerd.sock when it fits a Unix socket address; a deep data folder would not, and then
     * the socket goes to /run/jube-HASH/containerd.sock, the hash naming the folder so that two agents
     * on one host do not share a socket.
     */
    public static Path socketFor(Path dir) {
        Path inDir = dir.resolve("containerd.sock");
        if (inDir.toString().length() + TTRPC_SUFFIX.length() <= MAX_SOCKET_PATH) {
            return inDir;
        }
        return Path.of("/run/jube-" + shortHash(dir.toString()), "containerd.sock");
    }

    static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path root() {
        return dir.resolve("root");
    }

    public Path state() {
        return dir.resolve("state");
    }

    public Path configFile() {
        return dir.resolve("config.toml");
    }

    public Path logFile() {
        return dir.resolve("containerd.log");
    }

    /** The config file's text (containerd config version 2). */
    public String toToml() {
        String cri = "plugins.\"io.containerd.grpc.v1.cri\"";
        StringBuilder t = new StringBuilder();
        t.append("# Written by the Jube node agent; rewritten at every start.\n");
        t.append("version = 2\n");
        t.append("root = ").append(q(root())).append('\n');
        t.append("state = ").append(q(state())).append('\n');
        t.append('\n');
        t.append("[grpc]\n");
        t.append("  address = ").append(q(socket)).append('\n');
        t.append('\n');
        t.append("[").append(cri).append("]\n");
        t.append("  sandbox_image = ").append(q(pauseImage)).append('\n');
        // Without CAP_SYS_RESOURCE a negative oom_score_adj is refused and runc fails; clamp to ours.
        t.append("  restrict_oom_score_adj = true\n");
        t.append("  disable_apparmor = true\n");
        // The exec/attach/port-forward streaming server: loopback only, any free port.
        t.append("  stream_server_address = \"127.0.0.1\"\n");
        t.append("  stream_server_port = \"0\"\n");
        // Keep pod network namespaces under our state folder, not the system run folder.
        t.append("  netns_mounts_under_state_dir = true\n");
        t.append("  enable_selinux = false\n");
        t.append('\n');
        t.append("[").append(cri).append(".containerd]\n");
        t.append("  snapshotter = \"overlayfs\"\n");
        t.append("  default_runtime_name = \"runc\"\n");
        t.append('\n');
        t.append("[").append(cri).append(".containerd.runtimes.runc]\n");
        t.append("  runtime_type = \"io.containerd.runc.v2\"\n");
        t.append('\n');
        t.append("[").append(cri).append(".containerd.runtimes.runc.options]\n");
        // No systemd on these hosts: runc manages cgroupfs paths itself.
        t.append("  SystemdCgroup = false\n");
        if (runc != null) {
            t.append("  BinaryName = ").append(q(runc)).append('\n');
        }
        t.append('\n');
        t.append("[").append(cri).append(".cni]\n");
        t.append("  bin_dir = ").append(q(cniBinDir)).append('\n');
        t.append("  conf_dir = ").append(q(cniConfDir)).append('\n');
        t.append('\n');
        t.append("[").append(cri).append(".registry]\n");
        t.append("  config_path = ").append(q(registryConfigDir)).append('\n');
        return t.toString();
    }

    /** Creates the folders and writes the config file; returns it. */
    public Path write() {
        try {
            Files.createDirectories(dir);
            Files.createDirectories(root());
            Files.createDirectories(state());
            Files.createDirectories(cniConfDir);
            Files.createDirectories(registryConfigDir);
            Files.createDirectories(socket.getParent());
            Files.writeString(configFile(), toToml(), StandardCharsets.UTF_8);
            return configFile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the containerd config under " + dir, e);
        }
    }

    private static String q(Object value) {
        String s = value.toString();
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
