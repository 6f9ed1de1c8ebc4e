package dev.jube.kubelet.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerdConfigTest {

    @Test
    void everythingLivesUnderTheAgentFolder(@TempDir Path dir) throws Exception {
        ContainerdConfig c = ContainerdConfig.forDir(dir, Path.of("/usr/sbin/runc"));
        assertThat(c.socket()).isEqualTo(dir.resolve("containerd.sock"));
        String toml = c.toToml();
        assertThat(toml).startsWith("# ").contains("\nversion = 2\n")
                .contains("root = \"" + dir.resolve("root") + "\"")
                .contains("state = \"" + dir.resolve("state") + "\"")
                .contains("[grpc]\n  address = \"" + dir.resolve("containerd.sock") + "\"");
        Path file = c.write();
        assertThat(file).isEqualTo(dir.resolve("config.toml"));
        assertThat(Files.readString(file)).isEqualTo(toml);
        assertThat(dir.resolve("root")).isDirectory();
        assertThat(dir.resolve("state")).isDirectory();
        assertThat(c.cniConfDir()).isDirectory().startsWith(dir);
        assertThat(c.registryConfigDir()).isDirectory().startsWith(dir);
    }

    @Test
    void criSettingsThatWorkWithoutSystemdAndWithoutCapSysResource(@TempDir Path dir) {
        String toml = ContainerdConfig.forDir(dir, Path.of("/usr/sbin/runc")).withPauseImage("example.dev/pause:1")
                .toToml();
        String cri = "[plugins.\"io.containerd.grpc.v1.cri\"]\n";
        assertThat(toml).contains(cri + "  sandbox_image = \"example.dev/pause:1\"\n")
                .contains("  restrict_oom_score_adj = true\n")
                .contains("  disable_apparmor = true\n")
                .contains("  stream_server_address = \"127.0.0.1\"\n")
                .contains("  stream_server_port = \"0\"\n")
                .contains("  netns_mounts_under_state_dir = true\n")
                .contains("[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  snapshotter = \"overlayfs\"\n")
                .contains("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n"
                        + "  runtime_type = \"io.containerd.runc.v2\"\n")
                .contains("  SystemdCgroup = false\n  BinaryName = \"/usr/sbin/runc\"\n")
                .contains("[plugins.\"io.containerd.grpc.v1.cri\".cni]\n  bin_dir = \"/usr/lib/cni\"\n"
                        + "  conf_dir = \"" + dir.resolve("cni/net.d") + "\"\n")
                .contains("[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \""
                        + dir.resolve("certs.d") + "\"\n");
    }

    @Test
    void aSocketPathTooLongForUnixSocketsMovesUnderRun() {
        Path deep = Path.of("/var/lib/" + "x".repeat(90));
        Path socket = ContainerdConfig.socketFor(deep);
        assertThat(socket.toString()).startsWith("/run/jube-").endsWith("/containerd.sock");
        assertThat(socket.toString().length() + ".ttrpc".length()).isLessThanOrEqualTo(107);
        assertThat(ContainerdConfig.socketFor(deep)).isEqualTo(socket);
        assertThat(ContainerdConfig.socketFor(Path.of("/var/lib/" + "y".repeat(90)))).isNotEqualTo(socket);
        // The longest folder whose socket (and its .ttrpc twin) still fits stays in place.
        Path fits = Path.of("/" + "a".repeat(107 - ".ttrpc".length() - "/containerd.sock".length() - 1));
        assertThat(ContainerdConfig.socketFor(fits)).isEqualTo(fits.resolve("containerd.sock"));
        Path tooLong = Path.of(fits + "b");
        assertThat(ContainerdConfig.socketFor(tooLong).toString()).startsWith("/run/jube-");
    }

    @Test
    void quotesAndBackslashesInPathsAreEscaped() {
        String toml = ContainerdConfig.forDir(Path.of("/data/we\"ird\\dir"), null).toToml();
        assertThat(toml).contains("root = \"/data/we\\\"ird\\\\dir/root\"").doesNotContain("BinaryName");
    }
}
