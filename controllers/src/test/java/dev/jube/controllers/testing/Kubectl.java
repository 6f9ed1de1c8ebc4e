package dev.jube.controllers.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl (from PATH) against a test cluster, with its own HOME and cache. */
public final class Kubectl {

    public record Result(int exit, String out, String err) {}

    private final ControllerCluster cluster;
    private final Path dir;

    public Kubectl(ControllerCluster cluster, Path dir) {
        this.cluster = cluster;
        this.dir = dir;
    }

    public Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("kubectl");
        cmd.addAll(List.of(args));
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("KUBECONFIG", cluster.cluster().kubeconfig().toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("KUBECACHEDIR", home.resolve("cache").toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 90s");
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs kubectl, asserts it succeeded, and returns its standard output. */
    public String ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        assertThat(r.exit()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }
}
