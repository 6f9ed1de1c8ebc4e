package dev.jube.kubelet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPackagesTest {

    @Test
    void eachRequiredProgramMapsToItsDebianPackage() {
        assertThat(HostPackages.packageFor("containerd")).isEqualTo("containerd");
        assertThat(HostPackages.packageFor("containerd-shim-runc-v2")).isEqualTo("containerd");
        assertThat(HostPackages.packageFor("ctr")).isEqualTo("containerd");
        assertThat(HostPackages.packageFor("runc")).isEqualTo("runc");
        assertThat(HostPackages.packageFor("bridge")).isEqualTo("containernetworking-plugins");
        assertThat(HostPackages.packageFor("host-local")).isEqualTo("containernetworking-plugins");
        assertThat(HostPackages.packageFor("loopback")).isEqualTo("containernetworking-plugins");
        assertThat(HostPackages.packageFor("portmap")).isEqualTo("containernetworking-plugins");
        assertThat(HostPackages.packageFor("nft")).isEqualTo("nftables");
        assertThat(HostPackages.packageFor("ip")).isEqualTo("iproute2");
        assertThat(HostPackages.packageFor("busybox")).isEqualTo("busybox-static");
        assertThat(HostPackages.packageFor("emacs")).isNull();
    }

    @Test
    void anEmptyHostMissesEveryPackageOnceInOrder(@TempDir Path dir) {
        HostPackages empty = new HostPackages(HostPackages.NODE_REQUIREMENTS, List.of(dir), dir.resolve("cni"));
        assertThat(empty.missingPackages()).containsExactly("containerd", "runc", "containernetworking-plugins",
                "nftables", "iproute2", "busybox-static");
    }

    @Test
    void presentProgramsAndPluginsAreNotMissing(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path cni = Files.createDirectories(dir.resolve("cni"));
        for (String p : List.of("containerd", "containerd-shim-runc-v2", "ctr", "runc", "nft")) {
            executable(bin.resolve(p));
        }
        for (String p : List.of("bridge", "host-local", "loopback", "portmap")) {
            executable(cni.resolve(p));
        }
        HostPackages host = new HostPackages(HostPackages.NODE_REQUIREMENTS, List.of(bin), cni);
        assertThat(host.missingPackages()).containsExactly("iproute2", "busybox-static");
        assertThat(host.find("runc")).isEqualTo(bin.resolve("runc"));
    }

    @Test
    void aDynamicBusyboxDoesNotCountButAStaticOneDoes(@TempDir Path dir) throws Exception {
        // A shell script is not an ELF file at all; the JVM's own launcher is dynamically linked.
        executable(dir.resolve("busybox"));
        HostPackages host = new HostPackages(List.of(new HostPackages.Requirement("busybox",
                HostPackages.Requirement.Kind.STATIC_BUSYBOX, "busybox-static")), List.of(dir), dir);
        assertThat(host.missingPackages()).containsExactly("busybox-static");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThat(HostPackages.isStaticElf(java)).isFalse();
    }

    @Test
    void refusingToInstallNamesTheExactPackages(@TempDir Path dir) {
        HostPackages empty = new HostPackages(HostPackages.NODE_REQUIREMENTS, List.of(dir), dir);
        assertThatThrownBy(() -> empty.ensure(false))
                .isInstanceOf(HostPackages.MissingPackagesException.class)
                .hasMessageContaining("apt-get install -y containerd runc containernetworking-plugins nftables"
                        + " iproute2 busybox-static")
                .satisfies(e -> assertThat(((HostPackages.MissingPackagesException) e).packages())
                        .contains("containerd", "busybox-static"));
    }

    @Test
    void nothingMissingNeedsNoInstall(@TempDir Path dir) {
        new HostPackages(List.of(), List.of(dir), dir).ensure(false);
    }

    private static void executable(Path p) throws Exception {
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
