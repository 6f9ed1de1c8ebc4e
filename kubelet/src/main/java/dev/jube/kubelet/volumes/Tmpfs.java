package dev.jube.kubelet.volumes;

import dev.jube.api.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Memory-backed emptyDir volumes: a tmpfs mounted on the volume's folder. */
final class Tmpfs {

    private Tmpfs() {}

    static void mount(Path dir, Quantity sizeLimit) throws IOException {
        if (mounted(dir)) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("mount", "-t", "tmpfs"));
        if (sizeLimit != null) {
            cmd.addAll(List.of("-o", "size=" + sizeLimit.amount().longValue()));
        }
        cmd.addAll(List.of("tmpfs", dir.toString()));
        run(cmd);
    }

    /** Unmounts every mount under {@code dir}, deepest first. */
    static void unmountUnder(Path dir) {
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
            try {
                run(List.of("umount", m));
            } catch (IOException e) {
                // left for the next cleanup
            }
        }
    }

    private static boolean mounted(Path dir) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(dir.toString())) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String out = new String(p.getInputStream().readAllBytes());
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd));
        }
    }
}
