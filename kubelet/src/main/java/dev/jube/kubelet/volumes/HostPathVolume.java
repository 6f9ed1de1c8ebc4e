package dev.jube.kubelet.volumes;

import dev.jube.kubelet.pods.ContainerConfigException;
import dev.jube.kubelet.model.HostPathVolumeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** hostPath volumes with upstream's type checks. */
final class HostPathVolume {

    private HostPathVolume() {}

    static Path prepare(HostPathVolumeSource src) throws IOException, ContainerConfigException {
        Path p = Path.of(src.getPath());
        String type = src.getType() == null ? "" : src.getType();
        switch (type) {
            case "DirectoryOrCreate" -> Files.createDirectories(p);
            case "FileOrCreate" -> {
                if (!Files.exists(p)) {
                    Files.createDirectories(p.getParent());
                    Files.createFile(p);
                }
            }
            case "Directory" -> require(Files.isDirectory(p), "hostPath type check failed: " + p + " is not a directory");
            case "File" -> require(Files.isRegularFile(p), "hostPath type check failed: " + p + " is not a file");
            case "Socket", "CharDevice", "BlockDevice" -> require(Files.exists(p),
                    "hostPath type check failed: " + p + " does not exist");
            default -> { }
        }
        return p;
    }

    private static void require(boolean ok, String message) throws ContainerConfigException {
        if (!ok) {
            throw new ContainerConfigException(message);
        }
    }
}
