package dev.jube.scheduler.plugins;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.nodeInfo;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.api.selector.LabelSelector;
import dev.jube.scheduler.framework.ClusterLister;
import dev.jube.scheduler.framework.Code;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.Handle;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageAndVolumeTest {

    @Test
    void imageLocalityFavoursNodesWithLargeImagesSpreadThin() {
        long mb = 1024L * 1024;
        NodeInfo has = nodeInfo(node("has", "1", "1Gi").editStatus().addToImages(new ContainerImageBuilder()
                .withNames("registry.local/app:1.0").withSizeBytes(500 * mb).build()).endStatus().build());
        NodeInfo lacks = nodeInfo(node("lacks", "1", "1Gi").build());
        Pod p = pod("p", null, null).editSpec().editFirstContainer().withImage("registry.local/app:1.0").endContainer()
                .endSpec().build();
        ImageLocality plugin = new ImageLocality();
        CycleState s = new CycleState();
        PodInfo pi = new PodInfo(p);
        List<NodeInfo> nodes = List.of(has, lacks);
        plugin.preScore(s, pi, nodes, Snapshot.of(nodes));
        // 500 MB on half the nodes counts as 250 MB: (250 - 23) / (1000 - 23) of 100.
        assertThat(plugin.score(s, pi, has)).isEqualTo(100 * (250 * mb - 23 * mb) / (1000 * mb - 23 * mb));
        assertThat(plugin.score(s, pi, lacks)).isZero();
    }

    @Test
    void untaggedImagesMeanLatest() {
        assertThat(dev.jube.scheduler.framework.Images.normalize("nginx")).isEqualTo("nginx:latest");
        assertThat(dev.jube.scheduler.framework.Images.normalize("host:5000/nginx")).isEqualTo("host:5000/nginx:latest");
        assertThat(dev.jube.scheduler.framework.Images.normalize("nginx@sha256:abc")).isEqualTo("nginx@sha256:abc");
    }

    private static Handle handle(Map<String, PersistentVolumeClaim> claims, List<PersistentVolume> volumes,
                                 StorageClass cls) {
        return new Handle(new ClusterLister() {
            @Override
            public Map<String, String> namespaceLabels(String ns) {
                return Map.of();
            }

            @Override
            public PersistentVolumeClaim pvc(String namespace, String name) {
                return claims.get(name);
            }

            @Override
            public PersistentVolume pv(String name) {
                return volumes.stream().filter(v -> v.getMetadata().getName().equals(name)).findFirst().orElse(null);
            }

            @Override
            public List<PersistentVolume> pvs() {
                return volumes;
            }

            @Override
            public StorageClass storageClass(String name) {
                return cls != null && cls.getMetadata().getName().equals(name) ? cls : null;
            }

            @Override
            public LabelSelector defaultSelector(Pod pod) {
                return LabelSelector.nothing();
            }
        }, null);
    }

    private static Pod withClaim(String claim) {
        return pod("p", null, null).editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim()
                .withClaimName(claim).endPersistentVolumeClaim().endVolume().endSpec().build();
    }

    private static PersistentVolumeClaim claim(String name, String cls, String volume) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withStorageClassName(cls).withVolumeName(volume).withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources().endSpec().build();
    }

    private static PersistentVolume localVolume(String name, String cls, String host) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withStorageClassName(cls).withAccessModes("ReadWriteOnce")
                .addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("5Gi"))
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm()
                .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("kubernetes.io/hostname")
                        .withOperator("In").withValues(host).build())
                .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build();
    }

    @Test
    void unboundImmediateClaimsBlockScheduling() {
        VolumeBinding vb = new VolumeBinding(handle(Map.of("data", claim("data", null, null)), List.of(), null));
        Status s = vb.preFilter(new CycleState(), new PodInfo(withClaim("data")), null).status();
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("pod has unbound immediate PersistentVolumeClaims");
    }

    @Test
    void boundVolumesKeepPodsOnTheirNodes() {
        VolumeBinding vb = new VolumeBinding(handle(Map.of("data", claim("data", "local", "pv-a")),
                List.of(localVolume("pv-a", "local", "a")), null));
        CycleState s = new CycleState();
        PodInfo p = new PodInfo(withClaim("data"));
        assertThat(vb.preFilter(s, p, null).status().isSuccess()).isTrue();
        assertThat(vb.filter(s, p, nodeInfo(node("a", "1", "1Gi").build())).isSuccess()).isTrue();
        assertThat(vb.filter(s, p, nodeInfo(node("b", "1", "1Gi").build())).reasons())
                .containsExactly("node(s) had volume node affinity conflict");
    }

    @Test
    void waitForFirstConsumerClaimsNeedAVolumeOnTheNodeOrAProvisioner() {
        StorageClass local = new StorageClassBuilder().withNewMetadata().withName("local").endMetadata()
                .withProvisioner("kubernetes.io/no-provisioner").withVolumeBindingMode("WaitForFirstConsumer").build();
        VolumeBinding vb = new VolumeBinding(handle(Map.of("data", claim("data", "local", null)),
                List.of(localVolume("pv-a", "local", "a")), local));
        CycleState s = new CycleState();
        PodInfo p = new PodInfo(withClaim("data"));
        assertThat(vb.preFilter(s, p, null).status().isSuccess()).isTrue();
        assertThat(vb.filter(s, p, nodeInfo(node("a", "1", "1Gi").build())).isSuccess()).isTrue();
        Status none = vb.filter(s, p, nodeInfo(node("b", "1", "1Gi").build()));
        assertThat(none.code()).isEqualTo(Code.UNSCHEDULABLE);
        assertThat(none.reasons()).containsExactly("node(s) didn't find available persistent volumes to bind");

        StorageClass provisioned = new StorageClassBuilder(local).withProvisioner("jube.dev/local-path").build();
        VolumeBinding dynamic = new VolumeBinding(handle(Map.of("data", claim("data", "local", null)), List.of(),
                provisioned));
        CycleState s2 = new CycleState();
        assertThat(dynamic.preFilter(s2, p, null).status().isSuccess()).isTrue();
        assertThat(dynamic.filter(s2, p, nodeInfo(node("b", "1", "1Gi").build())).isSuccess()).isTrue();
    }
}
