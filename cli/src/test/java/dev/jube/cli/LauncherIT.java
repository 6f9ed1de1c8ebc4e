package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the repository's ./jube launcher script as a user would. */
class LauncherIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static String run(String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add(ROOT.resolve("jube").toString());
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            return output;
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void launcherRunsTheBuiltJarOnAJdkOfAtLeast21() throws Exception {
        assertThat(Files.isExecutable(ROOT.resolve("jube"))).isTrue();
        String output = run("--version");
        assertThat(output).contains("jube " + Version.get());
        int feature = Integer.parseInt(output.replaceAll("(?s).*\\njava (\\d+).*", "$1"));
        assertThat(feature).isGreaterThanOrEqualTo(21);
    }

    @Test
    void launcherPassesArgumentsThrough() throws Exception {
        assertThat(run("--help")).contains("Usage: jube");
    }
}
