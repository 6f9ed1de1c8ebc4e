package dev.jube.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads a container log file in the CRI format ({@code <RFC3339Nano> <stdout|stderr> <F|P> <text>}
 * per line, P marking a fragment continued by the next line) and writes what a log request asks
 * for: every line or the last N, since an instant, with or without timestamps, up to a byte
 * limit, and in follow mode the lines still to come until the container stops.
 */
public final class CriLogFile {

    /** Where log bytes go; false when the reader went away. */
    @FunctionalInterface
    public interface Sink {
        boolean write(byte[] bytes);
    }

    /** One whole log line (fragments joined), ready to print. */
    record Line(Instant time, String timeText, byte[] text) {}

    private static final long FOLLOW_POLL_MILLIS = 100;

    private final Path file;
    private final LogOptions options;
    private long position;
    private final ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
    private Line partial;
    private long written;

    public CriLogFile(Path file, LogOptions options) {
        this.file = file;
        this.options = options;
    }

    /**
     * Writes the requested lines; in follow mode keeps reading until {@code running} turns false
     * (and the file holds nothing more) or the sink refuses.
     */
    public void copyTo(Sink sink, BooleanSupplier running) throws IOException, InterruptedException {
        List<Line> lines = readNew();
        if (options.tailLines() >= 0 && lines.size() > options.tailLines()) {
            lines = lines.subList((int) (lines.size() - options.tailLines()), lines.size());
        }
        if (!emit(lines, sink)) {
            return;
        }
        if (!options.follow()) {
            return;
        }
        while (true) {
            boolean stillRunning = running.getAsBoolean();
            List<Line> more = readNew();
            if (!emit(more, sink)) {
                return;
            }
            if (!stillRunning && more.isEmpty()) {
                return;
            }
            if (more.isEmpty()) {
                Thread.sleep(FOLLOW_POLL_MILLIS);
            }
        }
    }

    private boolean emit(List<Line> lines, Sink sink) {
        for (Line l : lines) {
            if (options.since() != null && l.time() != null && l.time().isBefore(options.since())) {
                continue;
            }
            byte[] out = render(l);
            if (options.limitBytes() >= 0) {
                long left = options.limitBytes() - written;
                if (left <= 0) {
                    return false;
                }
                if (out.length > left) {
                    byte[] cut = new byte[(int) left];
                    System.arraycopy(out, 0, cut, 0, cut.length);
                    out = cut;
                }
            }
            if (!sink.write(out)) {
                return false;
            }
            written += out.length;
            if (options.limitBytes() >= 0 && written >= options.limitBytes()) {
                return false;
            }
        }
        return true;
    }

    private byte[] render(Line l) {
        if (!options.timestamps()) {
            return l.text();
        }
        byte[] prefix = (l.timeText() + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + l.text().length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(l.text(), 0, out, prefix.length, l.text().length);
        return out;
    }

    /** Whole lines appended since the last call; a trailing incomplete record waits for its newline. */
    List<Line> readNew() throws IOException {
        List<Line> lines = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < position) {
                // The file was truncated or replaced (rotation): start over from its beginning.
                position = 0;
                pendingBytes.reset();
            }
            ch.position(position);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            int n;
            while ((n = ch.read(buf)) > 0) {
                position += n;
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b == '\n') {
                        parse(pendingBytes.toByteArray(), lines);
                        pendingBytes.reset();
                    } else {
                        pendingBytes.write(b);
                    }
                }
                buf.clear();
            }
        }
        return lines;
    }

    private void parse(byte[] record, List<Line> out) {
        int s1 = indexOf(record, ' ', 0);
        int s2 = s1 < 0 ? -1 : indexOf(record, ' ', s1 + 1);
        int s3 = s2 < 0 ? -1 : indexOf(record, ' ', s2 + 1);
        if (s3 < 0 && s2 > 0 && record.length == s2 + 2) {
            s3 = record.length; // "<time> <stream> F" with empty text
        }
        if (s3 < 0) {
            return; // not a CRI record: skipped, as the kubelet does
        }
        String timeText = new String(record, 0, s1, StandardCharsets.US_ASCII);
        boolean fragment = record[s2 + 1] == 'P';
        byte[] text = new byte[Math.max(0, record.length - s3 - 1)];
        System.arraycopy(record, Math.min(record.length, s3 + 1), text, 0, text.length);
        Instant time;
        try {
            time = Instant.parse(timeText);
        } catch (DateTimeParseException e) {
            time = null;
        }
        if (partial == null) {
            partial = new Line(time, timeText, text);
        } else {
            partial = new Line(partial.time(), partial.timeText(), concat(partial.text(), text));
        }
        if (!fragment) {
            out.add(new Line(partial.time(), partial.timeText(), concat(partial.text(), new byte[] {'\n'})));
            partial = null;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] a, char c, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
