package dev.jube.kubelet.images;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar archive: regular files, directories and symbolic links, owned by root, with a
 * fixed modification time so the same content always gives the same bytes (and image digest).
 */
final class TarWriter implements AutoCloseable {

    private static final int BLOCK = 512;
    private final OutputStream out;
    private final long mtime;

    TarWriter(OutputStream out, long mtimeSeconds) {
        this.out = out;
        this.mtime = mtimeSeconds;
    }

    void directory(String path, int mode) throws IOException {
        header(path.endsWith("/") ? path : path + "/", mode, 0, '5', "");
    }

    void file(String path, byte[] content, int mode) throws IOException {
        header(path, mode, content.length, '0', "");
        out.write(content);
        pad(content.length);
    }

    void symlink(String path, String target) throws IOException {
        header(path, 0777, 0, '2', target);
    }

    private void header(String name, int mode, long size, char type, String link) throws IOException {
        byte[] h = new byte[BLOCK];
        String prefix = "";
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            // ustar splits long names at a slash: prefix (155) + "/" + name (100).
            int cut = name.lastIndexOf('/', name.length() - 2);
            while (cut > 0 && (name.substring(cut + 1).getBytes(StandardCharsets.UTF_8).length > 100)) {
                cut = name.lastIndexOf('/', cut - 1);
            }
            if (cut <= 0 || cut > 155) {
                throw new IOException("path too long for a tar header: " + name);
            }
            prefix = name.substring(0, cut);
            name = name.substring(cut + 1);
        }
        if (link.getBytes(StandardCharsets.UTF_8).length > 100) {
            throw new IOException("link target too long for a tar header: " + link);
        }
        put(h, 0, 100, name);
        octal(h, 100, 8, mode & 07777);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        h[262] = 0;
        h[263] = '0';
        h[264] = '0';
        put(h, 265, 32, "root");
        put(h, 297, 32, "root");
        put(h, 345, 155, prefix);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String chk = String.format("%06o", sum);
        put(h, 148, 6, chk);
        h[154] = 0;
        h[155] = ' ';
        out.write(h);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > len - 1) {
            throw new IllegalArgumentException("value too large for a tar header field: " + value);
        }
        String padded = "0".repeat(len - 1 - s.length()) + s;
        put(h, off, len - 1, padded);
        h[off + len - 1] = 0;
    }

    /** Two zero blocks end the archive. */
    @Override
    public void close() throws IOException {
        out.write(new byte[BLOCK * 2]);
        out.flush();
    }
}
