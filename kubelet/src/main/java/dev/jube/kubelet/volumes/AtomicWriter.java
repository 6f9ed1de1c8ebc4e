package dev.jube.kubelet.volumes;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a volume's files the way upstream's kubelet does, so that a running container sees an
 * update all at once: the files go into a fresh hidden folder, the {@code ..data} link is swapped
 * to it in one rename, and each visible name is a link through {@code ..data}.
 */
final class AtomicWriter {

    /** One file of a projection: its bytes and permission bits. */
    record FileContent(byte[] bytes, int mode) {
        @Override
        public boolean equals(Object o) {
            return o instanceof FileContent f && f.mode == mode && Arrays.equals(f.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + mode;
        }
    }

    private static final String DATA = "..data";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss.SSSSSSSSS");

    private AtomicWriter() {}

    /** Makes {@code dir} hold exactly {@code files} (relative paths); does nothing when it already does. */
    static void write(Path dir, Map<String, FileContent> files) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve(DATA);
        Map<String, FileContent> sorted = new TreeMap<>(files);
        if (Files.exists(data) && sorted.equals(read(data.toRealPath()))) {
            return;
        }
        Path fresh = dir.resolve(".." + LocalDateTime.now().format(STAMP));
        Files.createDirectories(fresh);
        for (Map.Entry<String, FileContent> e : sorted.entrySet()) {
            Path f = fresh.resolve(e.getKey()).normalize();
            if (!f.startsWith(fresh)) {
                throw new IOException("invalid path " + e.getKey() + ": it must stay inside the volume");
            }
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue().bytes());
            Files.setPosixFilePermissions(f, permissions(e.getValue().mode()));
        }
        Path link = dir.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, fresh.getFileName());
        Path old = Files.exists(data, LinkOption.NOFOLLOW_LINKS) ? dir.resolve(Files.readSymbolicLink(data)) : null;
        try {
            Files.move(link, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(link, data, StandardCopyOption.REPLACE_EXISTING);
        }
        for (String name : sorted.keySet()) {
            String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
            Path visible = dir.resolve(top);
            if (!Files.exists(visible, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(visible, Path.of(DATA, top));
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                if (!n.startsWith("..") && Files.isSymbolicLink(p) && sorted.keySet().stream()
                        .noneMatch(k -> k.equals(n) || k.startsWith(n + "/"))) {
                    Files.delete(p);
                }
            }
        }
        if (old != null && !old.equals(fresh)) {
            deleteTree(old);
        }
    }

    private static Map<String, FileContent> read(Path dir) throws IOException {
        Map<String, FileContent> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), new FileContent(Files.readAllBytes(p),
                        mode(Files.getPosixFilePermissions(p))));
            }
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1 << i)) != 0) {
                out.add(BITS[i]);
            }
        }
        return out;
    }

    static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (int i = 0; i < BITS.length; i++) {
            if (perms.contains(BITS[i])) {
                m |= 1 << i;
            }
        }
        return m;
    }
}
