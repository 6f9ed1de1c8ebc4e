package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class StderrLoggingTest {

    @Test
    void namesAreShortenedAsLogbacksPatternShortensThem() {
        assertThat(StderrLogging.abbreviate("dev.jube.kubelet.node.NodeAgent")).isEqualTo("d.j.k.node.NodeAgent");
        assertThat(StderrLogging.abbreviate("dev.jube.cli.Main")).isEqualTo("dev.jube.cli.Main");
    }

    @Test
    void linesCarryLevelNameAndFormattedMessageAndLibrariesOnlyWarn() {
        StderrLogging logging = new StderrLogging();
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Logger ours = logging.getLogger("dev.jube.kubelet.node.NodeAgent");
            ours.info("node {} is up with {}", "n1", "containerd");
            ours.debug("not shown");
            Logger netty = logging.getLogger("io.netty.channel.Foo");
            netty.info("not shown either");
            netty.warn("shown", new IllegalStateException("boom"));
        } finally {
            System.setErr(saved);
        }
        String out = err.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  d\\.j\\.k\\.node\\.NodeAgent - node n1 is up with containerd")
                .contains("WARN  io.netty.channel.Foo - shown").contains("java.lang.IllegalStateException: boom")
                .doesNotContain("not shown");
    }
}
