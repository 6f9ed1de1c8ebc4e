package dev.jube.cli;

import dev.jube.kubelet.containerd.ContainerdConfig;
import dev.jube.kubelet.host.HostPackages;
import dev.jube.kubelet.images.ImageImporter;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jube images}: images for the node's containerd without a registry. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "Manage the node's container images.",
        subcommands = ImagesCommand.Import.class)
public final class ImagesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Imports into the running agent's containerd; with none running, queues the archive in the
     * agent's images folder, which the agent imports when it next starts.
     */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import an OCI or Docker image archive (as `docker save` or `ctr export` write it).")
    static final class Import implements Callable<Integer> {

        @Parameters(paramLabel = "FILE.tar", description = "The image archive.")
        Path archive;

        @Option(names = "--data-dir", description = "The agent's data folder (default: ~/.jube).")
        Path dataDir = Path.of(System.getProperty("user.home"), ".jube");

        @Option(names = "--container-runtime-endpoint", paramLabel = "SOCKET",
                description = "Import into the containerd at this socket instead of the agent's own.")
        Path runtimeEndpoint;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            var out = spec.commandLine().getOut();
            if (!Files.isRegularFile(archive)) {
                err.println("jube images import: no such file: " + archive);
                return 1;
            }
            String problem = ImageArchives.problem(archive);
            if (problem != null) {
                err.println("jube images import: " + archive + " is not an image archive: " + problem);
                return 1;
            }
            Path socket = runtimeEndpoint != null ? runtimeEndpoint
                    : ContainerdConfig.socketFor(dataDir.resolve("agent").resolve("containerd"));
            if (listening(socket)) {
                try {
                    ImageImporter.forSocket(socket).importArchive(archive);
                } catch (ImageImporter.ImageImportException | HostPackages.MissingPackagesException e) {
                    err.println("jube images import: " + e.getMessage());
                    return 1;
                }
                out.println("Imported " + archive + " into the containerd at " + socket + ".");
                return 0;
            }
            if (runtimeEndpoint != null) {
                err.println("jube images import: no containerd answers at " + runtimeEndpoint);
                return 1;
            }
            Path queued = dataDir.resolve("agent").resolve("images").resolve(archive.getFileName().toString());
            try {
                Files.createDirectories(queued.getParent());
                Files.copy(archive, queued, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                err.println("jube images import: cannot copy " + archive + " to " + queued + ": " + e.getMessage());
                return 1;
            }
            out.println("No node agent is running; " + archive.getFileName() + " is queued in " + queued.getParent()
                    + " and is imported when the agent next starts.");
            return 0;
        }

        private static boolean listening(Path socket) {
            if (!Files.exists(socket)) {
                return false;
            }
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return true;
            } catch (IOException e) {
                return false; // a socket file left behind by a containerd that stopped
            }
        }
    }

    /** Reads a whole tar through: it must be intact and hold an OCI layout (index.json) or a Docker archive (manifest.json). */
    static final class ImageArchives {

        private ImageArchives() {}

        /** Null when the file looks like an image archive, else what is wrong with it. */
        static String problem(Path file) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                byte[] header = new byte[512];
                boolean any = false;
                boolean image = false;
                while (true) {
                    int n = in.readNBytes(header, 0, 512);
                    if ((n == 0 && any) || (n == 512 && any && allZero(header))) {
                        return image ? null : "it has neither index.json nor manifest.json";
                    }
                    if (n < 512 || allZero(header) || !checksumOk(header)) {
                        return !any ? "it is not a tar archive"
                                : n < 512 ? "the tar stream is truncated" : "the tar stream is corrupt";
                    }
                    any = true;
                    String name = field(header, 0, 100);
                    String prefix = field(header, 345, 155);
                    String full = (prefix.isEmpty() ? name : prefix + "/" + name).replaceFirst("^\\./", "");
                    image |= full.equals("index.json") || full.equals("manifest.json");
                    String size = field(header, 124, 12);
                    in.skipNBytes((Long.parseLong(size.isEmpty() ? "0" : size, 8) + 511) / 512 * 512);
                }
            } catch (EOFException e) {
                return "the tar stream is truncated";
            } catch (IOException | NumberFormatException e) {
                return "cannot read it: " + e.getMessage();
            }
        }

        private static boolean allZero(byte[] b) {
            for (byte x : b) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }

        private static boolean checksumOk(byte[] h) {
            String stored = field(h, 148, 8);
            if (stored.isEmpty()) {
                return false;
            }
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
            }
            try {
                return Long.parseLong(stored, 8) == sum;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static String field(byte[] h, int off, int len) {
            int end = off;
            while (end < off + len && h[end] != 0) {
                end++;
            }
            return new String(h, off, end - off, StandardCharsets.US_ASCII).strip();
        }
    }
}
