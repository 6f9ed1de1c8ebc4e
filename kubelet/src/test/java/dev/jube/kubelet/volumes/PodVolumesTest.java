package dev.jube.kubelet.volumes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.kubelet.TestApi;
import dev.jube.kubelet.pods.ContainerConfigException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodVolumesTest {

    @Test
    void aVolumeThatCannotBeSetUpIsNamedAsUpstreamsKubeletNamesIt(@TempDir Path dir) {
        Pod p = new PodBuilder().withNewMetadata().withName("nfs").withNamespace("default").withUid("u1").endMetadata()
                .withNewSpec().addNewVolume().withName("share").withNewNfs().withServer("s").withPath("/x").endNfs()
                .endVolume().endSpec().build();
        PodVolumes volumes = new PodVolumes(dir, null, null, Map.of());
        assertThatThrownBy(() -> volumes.prepare(TestApi.view(p, dev.jube.kubelet.model.Pod::new)))
                .isInstanceOf(ContainerConfigException.class)
                .hasMessage("MountVolume.SetUp failed for volume \"share\" : this node does not support the volume's type");
    }
}
