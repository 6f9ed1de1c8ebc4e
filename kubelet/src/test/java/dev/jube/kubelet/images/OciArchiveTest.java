package dev.jube.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OciArchiveTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static OciArchive sample(boolean gzip) {
        return OciArchive.builder("example.dev/tools:1.0")
                .file("/bin/tool", "#!/bin/sh\necho hi\n", 0755)
                .file("/etc/deep/nested/conf", "a=b\n", 0600)
                .symlink("/bin/alias", "tool")
                .directory("/tmp", 01777)
                .entrypoint(List.of("/bin/tool"))
                .cmd(List.of("--flag"))
                .env("PATH=/bin")
                .env("MODE=test")
                .workingDir("/tmp")
                .gzip(gzip)
                .build();
    }

    @Test
    void ociLayoutWithNamedIndexDockerManifestAndBlobs() throws Exception {
        OciArchive image = sample(true);
        Map<String, Entry> archive = readTar(image.toBytes());
        assertThat(archive.keySet()).contains("oci-layout", "index.json", "manifest.json");
        assertThat(JSON.readTree(archive.get("oci-layout").content).get("imageLayoutVersion").asString())
                .isEqualTo("1.0.0");

        JsonNode index = JSON.readTree(archive.get("index.json").content);
        assertThat(index.get("schemaVersion").asInt()).isEqualTo(2);
        JsonNode desc = index.get("manifests").get(0);
        assertThat(desc.get("digest").asString()).isEqualTo(image.manifestDigest());
        assertThat(desc.get("annotations").get("org.opencontainers.image.ref.name").asString())
                .isEqualTo("example.dev/tools:1.0");
        assertThat(desc.get("annotations").get("io.containerd.image.name").asString())
                .isEqualTo("example.dev/tools:1.0");

        // Every blob is stored under its own digest.
        for (Map.Entry<String, Entry> e : archive.entrySet()) {
            if (e.getKey().startsWith("blobs/sha256/") && e.getValue().type == '0') {
                assertThat("sha256:" + sha256(e.getValue().content))
                        .isEqualTo("sha256:" + e.getKey().substring("blobs/sha256/".length()));
            }
        }
        JsonNode manifest = JSON.readTree(blob(archive, image.manifestDigest()));
        assertThat(manifest.get("mediaType").asString()).isEqualTo(OciArchive.MEDIA_MANIFEST);
        assertThat(manifest.get("config").get("digest").asString()).isEqualTo(image.configDigest());
        JsonNode layerDesc = manifest.get("layers").get(0);
        assertThat(layerDesc.get("mediaType").asString()).isEqualTo(OciArchive.MEDIA_LAYER_GZIP);
        byte[] layerGz = blob(archive, layerDesc.get("digest").asString());
        assertThat(layerDesc.get("size").asLong()).isEqualTo(layerGz.length);
        byte[] layer = new GZIPInputStream(new ByteArrayInputStream(layerGz)).readAllBytes();

        JsonNode config = JSON.readTree(blob(archive, image.configDigest()));
        assertThat(config.get("os").asString()).isEqualTo("linux");
        assertThat(config.get("architecture").asString()).isEqualTo(OciArchive.hostArchitecture());
        assertThat(config.get("config").get("Entrypoint").get(0).asString()).isEqualTo("/bin/tool");
        assertThat(config.get("config").get("Cmd").get(0).asString()).isEqualTo("--flag");
        assertThat(config.get("config").get("Env").toString()).isEqualTo("[\"PATH=/bin\",\"MODE=test\"]");
        assertThat(config.get("config").get("WorkingDir").asString()).isEqualTo("/tmp");
        assertThat(config.get("rootfs").get("diff_ids").get(0).asString()).isEqualTo("sha256:" + sha256(layer))
                .isEqualTo(image.diffId());

        JsonNode docker = JSON.readTree(archive.get("manifest.json").content).get(0);
        assertThat(docker.get("RepoTags").get(0).asString()).isEqualTo("example.dev/tools:1.0");
        assertThat(docker.get("Config").asString()).isEqualTo("blobs/sha256/" + image.configDigest().substring(7));
        assertThat(docker.get("Layers").get(0).asString())
                .isEqualTo("blobs/sha256/" + layerDesc.get("digest").asString().substring(7));
    }

    @Test
    void layerHoldsFilesSymlinksAndFoldersWithModesAndParents() throws Exception {
        Map<String, Entry> layer = readTar(sample(false).layerTar());
        assertThat(layer.keySet()).containsExactly("bin/", "bin/alias", "bin/tool", "etc/", "etc/deep/",
                "etc/deep/nested/", "etc/deep/nested/conf", "tmp/");
        assertThat(layer.get("bin/tool").type).isEqualTo('0');
        assertThat(layer.get("bin/tool").mode).isEqualTo(0755);
        assertThat(new String(layer.get("bin/tool").content, StandardCharsets.UTF_8)).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(layer.get("etc/deep/nested/conf").mode).isEqualTo(0600);
        assertThat(layer.get("bin/alias").type).isEqualTo('2');
        assertThat(layer.get("bin/alias").link).isEqualTo("tool");
        assertThat(layer.get("tmp/").type).isEqualTo('5');
        assertThat(layer.get("tmp/").mode).isEqualTo(01777);
        assertThat(layer.get("etc/deep/").mode).isEqualTo(0755);
    }

    @Test
    void plainLayerIsStoredUncompressed() throws Exception {
        OciArchive image = sample(false);
        Map<String, Entry> archive = readTar(image.toBytes());
        JsonNode layerDesc = JSON.readTree(blob(archive, image.manifestDigest())).get("layers").get(0);
        assertThat(layerDesc.get("mediaType").asString()).isEqualTo(OciArchive.MEDIA_LAYER_TAR);
        assertThat(blob(archive, layerDesc.get("digest").asString())).isEqualTo(image.layerTar());
    }

    @Test
    void sameContentGivesSameBytes() {
        assertThat(sample(true).toBytes()).isEqualTo(sample(true).toBytes());
        assertThat(sample(true).manifestDigest()).isEqualTo(sample(true).manifestDigest());
        assertThat(OciArchive.builder("example.dev/tools:1.0").file("/a", "1", 0644).build().diffId())
                .isNotEqualTo(OciArchive.builder("example.dev/tools:1.0").file("/a", "2", 0644).build().diffId());
    }

    @Test
    void longPathsUseTheUstarPrefix() throws Exception {
        String path = "opt/" + "d".repeat(80) + "/" + "f".repeat(60);
        Map<String, Entry> layer = readTar(OciArchive.builder("x.dev/y:1").file(path, "z", 0644).build().layerTar());
        assertThat(layer).containsKey(path);
    }

    private static byte[] blob(Map<String, Entry> archive, String digest) {
        return archive.get("blobs/sha256/" + digest.substring("sha256:".length())).content;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    record Entry(char type, int mode, byte[] content, String link) {
    }

    /** A minimal ustar reader that also checks each header's checksum. */
    static Map<String, Entry> readTar(byte[] tar) throws IOException {
        Map<String, Entry> out = new LinkedHashMap<>();
        int off = 0;
        while (off + 512 <= tar.length) {
            byte[] h = java.util.Arrays.copyOfRange(tar, off, off + 512);
            if (java.util.Arrays.equals(h, new byte[512])) {
                break;
            }
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
            }
            assertThat(Long.parseLong(str(h, 148, 6), 8)).as("checksum").isEqualTo(sum);
            assertThat(str(h, 257, 5)).isEqualTo("ustar");
            String name = str(h, 0, 100);
            String prefix = str(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            int mode = Integer.parseInt(str(h, 100, 7), 8);
            int size = Integer.parseInt(str(h, 124, 11), 8);
            char type = (char) h[156];
            byte[] content = java.util.Arrays.copyOfRange(tar, off + 512, off + 512 + size);
            out.put(name, new Entry(type, mode, content, str(h, 157, 100)));
            off += 512 + ((size + 511) / 512) * 512;
        }
        return out;
    }

    private static String str(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8).trim();
    }
}
