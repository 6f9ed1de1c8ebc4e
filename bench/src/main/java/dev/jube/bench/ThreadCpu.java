package dev.jube.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads between two points, from /proc (so the JVM's own GC and
 * compiler threads count too), grouped by thread name with the numbers taken out; virtual
 * threads count on their carriers. Shows which side of an in-JVM benchmark spends the cores.
 */
final class ThreadCpu {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double TICKS_PER_SECOND = 100;

    private record Sample(String name, long ticks) {}

    private final Map<String, Sample> start = sample();
    private final long startNanos = System.nanoTime();

    private static Map<String, Sample> sample() {
        Map<String, Sample> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // pid (comm) state ... field 14 utime, 15 stime; comm may hold spaces and parentheses.
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] rest = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
                    out.put(task.getFileName().toString(), new Sample(stat.substring(open + 1, close), ticks));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /** Cores used per thread group since this was made, largest first, as printable lines. */
    String report() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Long> byGroup = new HashMap<>();
        Map<String, Long> busiest = new HashMap<>();
        long total = 0;
        for (Map.Entry<String, Sample> e : sample().entrySet()) {
            Sample before = start.get(e.getKey());
            long used = e.getValue().ticks() - (before == null ? 0 : before.ticks());
            String group = e.getValue().name().replaceAll("\\d+", "N");
            byGroup.merge(group, used, Long::sum);
            busiest.merge(group, used, Math::max);
            total += used;
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "  cores used over %.1f s: %.2f%n", seconds,
                total / TICKS_PER_SECOND / seconds));
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() / TICKS_PER_SECOND / seconds >= 0.01)
                .forEach(e -> out.append(String.format(Locale.ROOT, "    %5.2f  %s (busiest thread %.2f)%n",
                        e.getValue() / TICKS_PER_SECOND / seconds, e.getKey(),
                        busiest.get(e.getKey()) / TICKS_PER_SECOND / seconds)));
        return out.toString();
    }
}
