package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the real kubectl (from PATH) with a given kubeconfig and a private home, capturing its output. */
final class Kubectl {

    record Result(int exit, String out, String err) {}

    /** A kubectl still running, started with {@link #start}. */
    record Running(Process process, Path out, Path err, String command) {
        Result await() throws IOException, InterruptedException {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    throw new AssertionError(command + " did not finish in 60s");
                }
            } finally {
                process.destroyForcibly();
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final AtomicInteger runs = new AtomicInteger();

    Kubectl(Path dir, Path kubeconfig) throws IOException {
        this.dir = dir;
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("HOME", home.toString());
        env.put("KUBECACHEDIR", home.resolve("cache").toString());
    }

    Running start(String... args) throws IOException {
        int n = runs.incrementAndGet();
        Path out = dir.resolve("out-" + n + ".txt");
        Path err = dir.resolve("err-" + n + ".txt");
        List<String> cmd = new ArrayList<>();
        cmd.add("kubectl");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err, String.join(" ", cmd));
    }

    Result run(String... args) throws IOException, InterruptedException {
        return start(args).await();
    }

    /** Runs and asserts success; returns standard output. */
    String ok(String... args) throws Exception {
        Result r = run(args);
        assertThat(r.exit()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    /** Runs and asserts failure; returns the result. */
    Result fails(String... args) throws Exception {
        Result r = run(args);
        assertThat(r.exit()).as("kubectl %s should fail; printed %s", String.join(" ", args), r.out()).isNotZero();
        return r;
    }
}
