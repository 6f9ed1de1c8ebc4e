package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The patch types fabric8 sends, as upstream applies them. */
class PatchTypesTest {

    private static JubeCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ConfigMap create(String name) {
        return client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName(name).addToLabels("app", "patch").endMetadata().addToData("a", "1").addToData("b", "2")
                .build()).create();
    }

    @Test
    void jsonPatchAddsReplacesAndRemoves() {
        ConfigMap before = create("json-patch");
        ConfigMap after = client.configMaps().inNamespace("default").withName("json-patch").patch(
                PatchContext.of(PatchType.JSON), """
                [{"op":"add","path":"/data/c","value":"3"},
                 {"op":"replace","path":"/data/a","value":"10"},
                 {"op":"remove","path":"/data/b"},
                 {"op":"add","path":"/metadata/labels/tier","value":"front"}]""");
        assertThat(after.getData()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", "10", "c", "3"));
        assertThat(after.getMetadata().getLabels()).containsEntry("tier", "front").containsEntry("app", "patch");
        assertThat(Long.parseLong(after.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(before.getMetadata().getResourceVersion()));
        assertThat(client.configMaps().inNamespace("default").withName("json-patch").get().getData())
                .isEqualTo(after.getData());
    }

    @Test
    void jsonPatchWithAFailedTestChangesNothing() {
        create("json-patch-test");
        var cm = client.configMaps().inNamespace("default").withName("json-patch-test");
        assertThatThrownBy(() -> cm.patch(PatchContext.of(PatchType.JSON), """
                [{"op":"replace","path":"/data/a","value":"changed"},
                 {"op":"test","path":"/data/b","value":"not-2"}]"""))
                .isInstanceOfSatisfying(KubernetesClientException.class, e ->
                        assertThat(e.getCode()).isBetween(400, 499));
        assertThat(cm.get().getData()).containsEntry("a", "1").containsEntry("b", "2");
    }

    @Test
    void jsonMergePatchMergesMapsAndNullRemoves() {
        create("merge-patch");
        ConfigMap after = client.configMaps().inNamespace("default").withName("merge-patch").patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"tier\":\"back\"}},\"data\":{\"a\":\"11\",\"b\":null,\"d\":\"4\"}}");
        assertThat(after.getData()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", "11", "d", "4"));
        assertThat(after.getMetadata().getLabels()).containsEntry("app", "patch").containsEntry("tier", "back");
    }

    @Test
    void aPatchCarryingAStaleResourceVersionIsAConflict() {
        ConfigMap created = create("merge-patch-precondition");
        var cm = client.configMaps().inNamespace("default").withName("merge-patch-precondition");
        cm.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"a\":\"changed\"}}");
        String stale = created.getMetadata().getResourceVersion();
        assertThatThrownBy(() -> cm.patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"resourceVersion\":\"" + stale + "\"},\"data\":{\"a\":\"lost\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(cm.get().getData()).containsEntry("a", "changed");
    }

    @Test
    void patchingAMissingObjectIsNotFound() {
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("never-created")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"a\":\"1\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        assertThat(client.configMaps().inNamespace("default").withName("never-created").get()).isNull();
    }

    @Test
    void aPatchMayNotRenameTheObject() {
        create("merge-patch-rename");
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("merge-patch-rename")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"name\":\"other\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isBetween(400, 499));
        assertThat(client.configMaps().inNamespace("default").withName("other").get()).isNull();
        assertThat(client.configMaps().inNamespace("default").withName("merge-patch-rename").get()).isNotNull();
    }
}
