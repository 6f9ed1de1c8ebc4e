package dev.jube.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory of a process by its id: RSS from /proc, and for a JVM its heap after a full collection. */
final class ProcessMemory {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private ProcessMemory() {}

    static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    static long heapAfterGcBytes(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        // One line for G1's heap; one per generation for the serial and parallel collectors.
        long usedKb = -1;
        for (String line : info.lines().toList()) {
            Matcher m = HEAP_USED.matcher(line);
            if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                usedKb = Math.max(usedKb, 0) + Long.parseLong(m.group(1));
            }
        }
        if (usedKb < 0) {
            throw new IOException("cannot read the heap size from jcmd: " + info);
        }
        return usedKb * 1024;
    }

    /**
     * Writes what jcmd reports about a JVM's memory into {@code dir}: native memory (when tracking is
     * on), the loaded classes and the heap's histogram. For finding where a footprint goes.
     */
    static void dump(long pid, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        for (String command : new String[] {"VM.native_memory summary", "VM.metaspace", "VM.class_hierarchy", "GC.class_histogram"}) {
            String out;
            try {
                out = jcmd(pid, command);
            } catch (IOException e) {
                out = e.getMessage();
            }
            Files.writeString(dir.resolve(command.split(" ")[0] + ".txt"), out);
        }
        Files.copy(Path.of("/proc", Long.toString(pid), "smaps_rollup"), dir.resolve("smaps_rollup.txt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(jcmd.toString(), Long.toString(pid)));
        cmd.addAll(java.util.List.of(command.split(" ")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
