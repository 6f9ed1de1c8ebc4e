package dev.jube.kubelet.images;

import dev.jube.kubelet.host.HostPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small images built locally from the host's statically linked busybox (Debian's busybox-static),
 * so that pods run without any registry: a general test/tool image with the usual applets, and the
 * pod sandbox ("pause") image. Both share one layer, so containerd stores it once.
 */
public final class BusyboxImage {

    public static final String DEFAULT_BUSYBOX_IMAGE = "jube.dev/busybox:1.35";
    public static final String DEFAULT_PAUSE_IMAGE = "jube.dev/pause:3.10";

    /** Applets linked into /bin; all run from the one busybox binary. */
    public static final List<String> APPLETS = List.of(
            "sh", "ash", "ls", "cat", "echo", "sleep", "httpd", "wget", "nc", "env", "id", "mkdir", "touch",
            "date", "ps", "kill", "true", "false", "head", "tail", "grep", "dd", "hostname", "printenv",
            "test", "[", "[[", "rm", "cp", "mv", "ln", "chmod", "chown", "pwd", "wc", "sed", "awk", "sort",
            "uniq", "tr", "cut", "seq", "stat", "find", "xargs", "tee", "uname", "whoami", "df", "du",
            "mount", "umount", "ip", "ifconfig", "ping", "nslookup", "vi", "tar", "gzip", "gunzip", "yes",
            "nohup", "timeout", "basename", "dirname", "readlink", "realpath", "sync", "mktemp", "md5sum",
            "sha256sum", "base64", "expr", "printf", "usleep", "free", "top", "watch", "less", "more",
            "diff", "which", "netstat", "telnet", "traceroute", "hexdump", "od", "nproc");

    /**
     * The pause process sleeps "forever": 2147483647 seconds (about 68 years) is the largest count
     * every busybox build accepts (it fits a signed 32-bit time), and busybox's sleep has no
     * "infinity". The runtime kills the sandbox with SIGKILL, so no signal handling is needed.
     */
    public static final List<String> PAUSE_COMMAND = List.of("/bin/sleep", "2147483647");

    private static final List<Path> BUSYBOX_LOCATIONS = List.of(
            Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"), Path.of("/usr/local/bin/busybox"));

    private BusyboxImage() {
    }

    /** The host's static busybox; fails naming busybox-static when there is none. */
    public static Path findStaticBusybox() {
        for (Path p : BUSYBOX_LOCATIONS) {
            if (Files.isRegularFile(p) && HostPackages.isStaticElf(p)) {
                return p;
            }
        }
        throw new HostPackages.MissingPackagesException(List.of("busybox-static"),
                "building local images needs a statically linked busybox; install it as root:"
                        + " apt-get install -y busybox-static");
    }

    /** The tool image: shell and applets, /etc/passwd and /etc/group, /tmp; runs sh by default. */
    public static OciArchive busybox(Path busybox, String name) {
        return root(busybox, name).cmd(List.of("sh")).build();
    }

    /** The sandbox image: the same layer, its entrypoint sleeps forever. */
    public static OciArchive pause(Path busybox, String name) {
        return root(busybox, name).entrypoint(PAUSE_COMMAND).build();
    }

    private static OciArchive.Builder root(Path busybox, String name) {
        OciArchive.Builder b = OciArchive.builder(name)
                .directory("/bin", 0755)
                .directory("/etc", 0755)
                .directory("/root", 0700)
                .directory("/tmp", 01777)
                .directory("/var", 0755)
                .directory("/dev", 0755)
                .directory("/proc", 0555)
                .directory("/sys", 0555)
                .file("/bin/busybox", busybox, 0755)
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
                        0644)
                .file("/etc/group", "root:x:0:\nnobody:x:65534:\n", 0644)
                .env("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .workingDir("/");
        for (String applet : APPLETS) {
            b.symlink("/bin/" + applet, "busybox");
        }
        return b;
    }
}
