package dev.jube.kubelet.images;

import dev.jube.kubelet.host.HostPackages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads OCI or Docker image archives into containerd's {@code k8s.io} namespace (the one its CRI
 * serves) with containerd's own importer, {@code ctr images import}, which also unpacks them.
 */
public final class ImageImporter {

    private static final Logger LOG = LoggerFactory.getLogger(ImageImporter.class);
    /** The containerd namespace the CRI plugin uses. */
    public static final String CRI_NAMESPACE = "k8s.io";
    private static final long TIMEOUT_MINUTES = 10;

    private final Path ctr;
    private final Path socket;

    public ImageImporter(Path ctr, Path socket) {
        this.ctr = ctr;
        this.socket = socket;
    }

    /** Uses the ctr found on PATH or the system folders. */
    public static ImageImporter forSocket(Path socket) {
        Path ctr = HostPackages.find("ctr", HostPackages.defaultSearchPath());
        if (ctr == null) {
            throw new HostPackages.MissingPackagesException(List.of("containerd"),
                    "importing images needs ctr; install it as root: apt-get install -y containerd");
        }
        return new ImageImporter(ctr, socket);
    }

    /** Imports one archive; fails with ctr's own output when it cannot. */
    public void importArchive(Path archive) {
        if (!Files.isRegularFile(archive)) {
            throw new ImageImportException("no image archive at " + archive);
        }
        List<String> cmd = List.of(ctr.toString(), "--address", socket.toString(), "-n", CRI_NAMESPACE,
                "images", "import", "--all-platforms", archive.toString());
        try {
            Path out = Files.createTempFile("jube-import", ".log");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new ImageImportException("importing " + archive + " took longer than " + TIMEOUT_MINUTES
                            + " minutes");
                }
                String output = Files.readString(out, StandardCharsets.UTF_8).strip();
                if (p.exitValue() != 0) {
                    throw new ImageImportException("importing " + archive + " failed (ctr exit code " + p.exitValue()
                            + "): " + output);
                }
                LOG.info("imported {}: {}", archive, output);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + ctr, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageImportException("interrupted while importing " + archive);
        }
    }

    /** Writes {@code image} to a temporary file, imports it and removes the file. */
    public void importImage(OciArchive image) {
        try {
            Path tmp = Files.createTempFile("jube-image", ".tar");
            try {
                image.writeTo(tmp);
                importArchive(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary image archive", e);
        }
    }

    /** Imports every *.tar in {@code folder} in name order (none if the folder is absent); returns them. */
    public List<Path> importFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> archives = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(p -> p.getFileName().toString().endsWith(".tar") && Files.isRegularFile(p))
                    .sorted().forEach(archives::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        for (Path a : archives) {
            importArchive(a);
        }
        return archives;
    }

    /** An archive that could not be imported. */
    public static final class ImageImportException extends RuntimeException {
        public ImageImportException(String message) {
            super(message);
        }
    }
}
