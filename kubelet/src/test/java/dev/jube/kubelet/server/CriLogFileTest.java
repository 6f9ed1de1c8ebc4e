package dev.jube.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogFileTest {

    @TempDir
    Path dir;

    private static final String LOG = """
            2026-01-01T10:00:00.100000000Z stdout F one
            2026-01-01T10:00:01.2Z stderr P tw
            2026-01-01T10:00:01.3Z stderr F o
            2026-01-01T10:00:02Z stdout F
            2026-01-01T10:00:03Z stdout F three
            """;

    private String read(LogOptions options) throws Exception {
        Path f = dir.resolve("c.log");
        Files.writeString(f, LOG);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CriLogFile(f, options).copyTo(b -> {
            out.writeBytes(b);
            return true;
        }, () -> false);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static LogOptions options(Map<String, List<String>> q) {
        return LogOptions.parse(q, Instant.parse("2026-01-01T10:00:10Z"));
    }

    @Test
    void joinsFragmentsAndKeepsEmptyLines() throws Exception {
        assertThat(read(options(Map.of()))).isEqualTo("one\ntwo\n\nthree\n");
    }

    @Test
    void tailSinceTimestampsAndLimit() throws Exception {
        assertThat(read(options(Map.of("tailLines", List.of("2"))))).isEqualTo("\nthree\n");
        assertThat(read(options(Map.of("sinceTime", List.of("2026-01-01T10:00:01Z"))))).isEqualTo("two\n\nthree\n");
        assertThat(read(options(Map.of("sinceSeconds", List.of("8"))))).isEqualTo("\nthree\n");
        assertThat(read(options(Map.of("timestamps", List.of("true"), "tailLines", List.of("3")))))
                .isEqualTo("2026-01-01T10:00:01.2Z two\n2026-01-01T10:00:02Z \n2026-01-01T10:00:03Z three\n");
        assertThat(read(options(Map.of("limitBytes", List.of("6"))))).isEqualTo("one\ntw");
    }

    @Test
    void badOptionsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> options(Map.of("tailLines", List.of("x"))))
                .hasMessage("tailLines: Invalid value: \"x\": must be an integer");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> options(Map.of("sinceSeconds", List.of("1"),
                        "sinceTime", List.of("2026-01-01T10:00:01Z"))))
                .hasMessage("at most one of `sinceTime` or `sinceSeconds` may be specified");
    }

    @Test
    void followReadsLinesWrittenLaterUntilTheContainerStops() throws Exception {
        Path f = dir.resolve("f.log");
        Files.writeString(f, "2026-01-01T10:00:00Z stdout F first\n");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger polls = new AtomicInteger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CriLogFile(f, options(Map.of("follow", List.of("true")))).copyTo(b -> {
            out.writeBytes(b);
            return true;
        }, () -> {
            // The container writes a line on the second poll and stops on the third.
            int n = polls.incrementAndGet();
            if (n == 2) {
                try {
                    Files.writeString(f, "2026-01-01T10:00:01Z stdout F second\n", StandardOpenOption.APPEND);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return n < 3;
        });
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\n");
    }
}
