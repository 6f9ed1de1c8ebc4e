package dev.jube.kubelet.images;

import dev.jube.kubelet.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * A single-layer container image as an OCI image-layout tar (oci-layout, index.json, blobs/sha256),
 * which also carries a Docker-style manifest.json so that importers of either kind name the image.
 * The content is deterministic: the same files and config give the same digests.
 */
public final class OciArchive {

    public static final String MEDIA_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String MEDIA_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String MEDIA_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String MEDIA_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String MEDIA_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** containerd's own image name annotation, read first by its importer. */
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";


    private final String name;
    private final byte[] layerTar;
    private final byte[] layerBlob;
    private final byte[] config;
    private final byte[] manifest;
    private final boolean gzip;

    private OciArchive(String name, byte[] layerTar, byte[] layerBlob, byte[] config, byte[] manifest,
            boolean gzip) {
        this.name = name;
        this.layerTar = layerTar;
        this.layerBlob = layerBlob;
        this.config = config;
        this.manifest = manifest;
        this.gzip = gzip;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The image's full name, e.g. jube.dev/busybox:1.35. */
    public String name() {
        return name;
    }

    /** sha256:... of the manifest: the image's digest. */
    public String manifestDigest() {
        return digest(manifest);
    }

    /** sha256:... of the config: the image id runtimes report. */
    public String configDigest() {
        return digest(config);
    }

    /** sha256:... of the uncompressed layer tar (the diff_id). */
    public String diffId() {
        return digest(layerTar);
    }

    public byte[] configJson() {
        return config.clone();
    }

    public byte[] manifestJson() {
        return manifest.clone();
    }

    /** The uncompressed layer tar. */
    public byte[] layerTar() {
        return layerTar.clone();
    }

    /** The archive's bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(layerBlob.length + 8192);
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the archive to a file (replacing it); returns the file. */
    public Path writeTo(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve("." + file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writeTo(out);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the image archive " + file, e);
        }
    }

    public void writeTo(OutputStream out) throws IOException {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", MEDIA_MANIFEST);
        descriptor.put("digest", manifestDigest());
        descriptor.put("size", manifest.length);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CONTAINERD_IMAGE_NAME, name);
        annotations.put(REF_NAME, name);
        descriptor.put("annotations", annotations);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MEDIA_INDEX);
        index.put("manifests", List.of(descriptor));

        Map<String, Object> docker = new LinkedHashMap<>();
        docker.put("Config", blobPath(configDigest()));
        docker.put("RepoTags", List.of(name));
        docker.put("Layers", List.of(blobPath(digest(layerBlob))));

        TarWriter tar = new TarWriter(out, 0);
        tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0644);
        tar.file("index.json", Json.writeBytes(index), 0644);
        tar.file("manifest.json", Json.writeBytes(List.of(docker)), 0644);
        tar.directory("blobs", 0755);
        tar.directory("blobs/sha256", 0755);
        tar.file(blobPath(digest(layerBlob)), layerBlob, 0644);
        tar.file(blobPath(configDigest()), config, 0644);
        tar.file(blobPath(manifestDigest()), manifest, 0644);
        tar.close();
    }

    private static String blobPath(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    static String digest(byte[] b) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Go architecture name of this JVM's machine (amd64, arm64...). */
    public static String hostArchitecture() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> a;
        };
    }

    /** Collects the layer's entries and the image config. */
    public static final class Builder {
        private final String name;
        private final TreeMap<String, Entry> entries = new TreeMap<>();
        private List<String> entrypoint = List.of();
        private List<String> cmd = List.of();
        private final List<String> env = new ArrayList<>();
        private String workingDir = "/";
        private String user = "";
        private String architecture = hostArchitecture();
        private String os = "linux";
        private boolean gzip = true;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an image needs a name");
            }
            this.name = name;
        }

        public Builder directory(String path, int mode) {
            put(path, new Entry('5', null, null, mode));
            return this;
        }

        public Builder file(String path, byte[] content, int mode) {
            put(path, new Entry('0', content.clone(), null, mode));
            return this;
        }

        public Builder file(String path, String content, int mode) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), mode);
        }

        /** Adds a host file's content under {@code path} with {@code mode}. */
        public Builder file(String path, Path source, int mode) {
            try {
                return file(path, Files.readAllBytes(source), mode);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source, e);
            }
        }

        public Builder symlink(String path, String target) {
            put(path, new Entry('2', null, target, 0777));
            return this;
        }

        public Builder entrypoint(List<String> e) {
            this.entrypoint = List.copyOf(e);
            return this;
        }

        public Builder cmd(List<String> c) {
            this.cmd = List.copyOf(c);
            return this;
        }

        /** Adds NAME=VALUE to the image's environment. */
        public Builder env(String nameValue) {
            this.env.add(nameValue);
            return this;
        }

        public Builder workingDir(String dir) {
            this.workingDir = dir;
            return this;
        }

        public Builder user(String u) {
            this.user = u;
            return this;
        }

        public Builder platform(String operatingSystem, String arch) {
            this.os = operatingSystem;
            this.architecture = arch;
            return this;
        }

        /** Whether the layer is stored gzip-compressed (the default) or as a plain tar. */
        public Builder gzip(boolean g) {
            this.gzip = g;
            return this;
        }

        private void put(String path, Entry e) {
            String p = normalize(path);
            if (p.isEmpty()) {
                throw new IllegalArgumentException("an entry needs a path below /: " + path);
            }
            entries.put(p, e);
        }

        private static String normalize(String path) {
            String p = path;
            while (p.startsWith("/") || p.startsWith("./")) {
                p = p.startsWith("/") ? p.substring(1) : p.substring(2);
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return p;
        }

        public OciArchive build() {
            // Parent folders that were not added explicitly get mode 0755.
            TreeMap<String, Entry> all = new TreeMap<>(entries);
            for (String p : entries.keySet()) {
                int slash = p.lastIndexOf('/');
                while (slash > 0) {
                    all.putIfAbsent(p.substring(0, slash), new Entry('5', null, null, 0755));
                    slash = p.lastIndexOf('/', slash - 1);
                }
            }
            try {
                ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
                try (TarWriter tar = new TarWriter(tarBytes, 0)) {
                    for (Map.Entry<String, Entry> me : all.entrySet()) {
                        Entry e = me.getValue();
                        switch (e.type) {
                            case '5' -> tar.directory(me.getKey(), e.mode);
                            case '2' -> tar.symlink(me.getKey(), e.target);
                            default -> tar.file(me.getKey(), e.content, e.mode);
                        }
                    }
                }
                byte[] layerTar = tarBytes.toByteArray();
                byte[] blob = layerTar;
                if (gzip) {
                    ByteArrayOutputStream gz = new ByteArrayOutputStream();
                    // Java's gzip header has no time stamp or file name: the bytes are stable.
                    try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
                        g.write(layerTar);
                    }
                    blob = gz.toByteArray();
                }

                Map<String, Object> cfg = new LinkedHashMap<>();
                if (!user.isEmpty()) {
                    cfg.put("User", user);
                }
                cfg.put("Env", env.isEmpty()
                        ? List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") : env);
                if (!entrypoint.isEmpty()) {
                    cfg.put("Entrypoint", entrypoint);
                }
                if (!cmd.isEmpty()) {
                    cfg.put("Cmd", cmd);
                }
                cfg.put("WorkingDir", workingDir);
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("created", "1970-01-01T00:00:00Z");
                config.put("architecture", architecture);
                config.put("os", os);
                config.put("config", cfg);
                config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(digest(layerTar))));
                config.put("history", List.of(Map.of("created", "1970-01-01T00:00:00Z", "created_by", "jube")));
                byte[] configBytes = Json.writeBytes(config);

                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("schemaVersion", 2);
                manifest.put("mediaType", MEDIA_MANIFEST);
                manifest.put("config", descriptor(MEDIA_CONFIG, configBytes));
                manifest.put("layers", List.of(descriptor(gzip ? MEDIA_LAYER_GZIP : MEDIA_LAYER_TAR, blob)));
                byte[] manifestBytes = Json.writeBytes(manifest);
                return new OciArchive(name, layerTar, blob, configBytes, manifestBytes, gzip);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Map<String, Object> descriptor(String mediaType, byte[] content) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mediaType", mediaType);
            d.put("digest", digest(content));
            d.put("size", content.length);
            return d;
        }
    }

    private record Entry(char type, byte[] content, String target, int mode) {
    }
}
