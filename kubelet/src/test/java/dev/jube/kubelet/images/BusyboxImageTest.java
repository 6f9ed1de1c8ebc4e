package dev.jube.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BusyboxImageTest {

    @Test
    void busyboxAndPauseShareOneLayerWithAppletsUsersAndTmp(@TempDir Path dir) throws Exception {
        // Any file stands in for the busybox binary: the image only copies it.
        Path fake = Files.writeString(dir.resolve("busybox"), "not really busybox");
        OciArchive tools = BusyboxImage.busybox(fake, "example.dev/busybox:1");
        OciArchive pause = BusyboxImage.pause(fake, "example.dev/pause:1");
        assertThat(pause.diffId()).isEqualTo(tools.diffId());
        assertThat(pause.configDigest()).isNotEqualTo(tools.configDigest());

        Map<String, OciArchiveTest.Entry> layer = OciArchiveTest.readTar(tools.layerTar());
        assertThat(layer.get("bin/busybox").mode()).isEqualTo(0755);
        for (String applet : new String[] {"sh", "httpd", "wget", "nc", "sleep", "[", "printenv", "hostname"}) {
            assertThat(layer.get("bin/" + applet).type()).as(applet).isEqualTo('2');
            assertThat(layer.get("bin/" + applet).link()).isEqualTo("busybox");
        }
        assertThat(new String(layer.get("etc/passwd").content())).contains("root:x:0:0:").contains("nobody:x:65534:");
        assertThat(new String(layer.get("etc/group").content())).contains("root:x:0:").contains("nobody:x:65534:");
        assertThat(layer.get("tmp/").mode()).isEqualTo(01777);

        JsonMapper json = JsonMapper.builder().build();
        JsonNode pauseConfig = json.readTree(pause.configJson()).get("config");
        assertThat(pauseConfig.get("Entrypoint").toString()).isEqualTo("[\"/bin/sleep\",\"2147483647\"]");
        JsonNode toolsConfig = json.readTree(tools.configJson()).get("config");
        assertThat(toolsConfig.get("Cmd").toString()).isEqualTo("[\"sh\"]");
        assertThat(toolsConfig.get("Env").get(0).asString()).startsWith("PATH=");
    }
}
