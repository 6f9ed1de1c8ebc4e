package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMapCrudTest {

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ConfigMap cm(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build();
    }

    @Test
    void createGetUpdateDelete() {
        var cms = cluster.client.configMaps().inNamespace("default");
        ConfigMap created = cms.resource(cm("crud", Map.of("a", "1"))).create();
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getMetadata().getResourceVersion()).matches("[0-9]+");
        assertThat(created.getMetadata().getCreationTimestamp()).endsWith("Z");
        assertThat(created.getMetadata().getNamespace()).isEqualTo("default");

        ConfigMap got = cms.withName("crud").get();
        assertThat(got.getData()).containsEntry("a", "1");
        assertThat(got.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());

        got.getData().put("b", "2");
        ConfigMap updated = cms.resource(got).update();
        assertThat(updated.getData()).containsEntry("b", "2");
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        ConfigMapList list = cms.list();
        assertThat(list.getItems()).extracting(c -> c.getMetadata().getName()).contains("crud");
        assertThat(list.getMetadata().getResourceVersion()).matches("[0-9]+");

        assertThat(cms.withName("crud").delete()).hasSize(1);
        assertThat(cms.withName("crud").get()).isNull();
    }

    @Test
    void staleUpdateIsAConflict() throws Exception {
        var cms = cluster.client.configMaps().inNamespace("default");
        ConfigMap first = cms.resource(cm("stale", Map.of("a", "1"))).create();
        ConfigMap second = cms.withName("stale").get();
        second.getData().put("a", "2");
        cms.resource(second).update();
        first.getData().put("a", "3");
        assertThatThrownBy(() -> cms.resource(first).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps "
                            + "\"stale\": the object has been modified; please apply your changes to the latest "
                            + "version and try again");
                });
        assertThat(cms.withName("stale").get().getData()).containsEntry("a", "2");
    }

    @Test
    void notFoundAndAlreadyExistsAreUpstreamStatuses() throws Exception {
        var r = cluster.send("GET", "/api/v1/namespaces/default/configmaps/missing", null, null, null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"configmaps \\\"missing\\\" not found\",\"reason\":\"NotFound\","
                + "\"details\":{\"name\":\"missing\",\"kind\":\"configmaps\"},\"code\":404}");

        String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"twice\"}}";
        assertThat(cluster.send("POST", "/api/v1/namespaces/default/configmaps", "application/json", body, null)
                .statusCode()).isEqualTo(201);
        var again = cluster.send("POST", "/api/v1/namespaces/default/configmaps", "application/json", body, null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("\"reason\":\"AlreadyExists\"")
                .contains("configmaps \\\"twice\\\" already exists");
    }

    @Test
    void invalidNameIsUnprocessable() throws Exception {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Bad_Name\"}}";
        var r = cluster.send("POST", "/api/v1/namespaces/default/configmaps", "application/json", body, null);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("\"reason\":\"Invalid\"")
                .contains("ConfigMap \\\"Bad_Name\\\" is invalid: metadata.name: Invalid value: \\\"Bad_Name\\\": "
                        + "a lowercase RFC 1123 subdomain must consist of")
                .contains("\"causes\":[{\"reason\":\"FieldValueInvalid\"")
                .contains("\"field\":\"metadata.name\"");
        assertThat(cluster.client.configMaps().inNamespace("default").withName("Bad_Name").get()).isNull();
    }

    @Test
    void malformedBodiesAreBadRequests() throws Exception {
        var json = cluster.send("POST", "/api/v1/namespaces/default/configmaps", "application/json", "{\"metadata\":", null);
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).contains("\"reason\":\"BadRequest\"").contains("could not be decoded as JSON");

        var yaml = cluster.send("POST", "/api/v1/namespaces/default/configmaps", "application/yaml",
                "metadata: [unclosed", null);
        assertThat(yaml.statusCode()).isEqualTo(400);
        assertThat(yaml.body()).contains("could not be decoded as YAML");

        var notObject = cluster.send("POST", "/api/v1/namespaces/default/configmaps", "application/json", "[1,2]", null);
        assertThat(notObject.statusCode()).isEqualTo(400);

        var badLabels = cluster.send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                "{\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":1}}}", null);
        assertThat(badLabels.statusCode()).isEqualTo(400);
        assertThat(badLabels.body()).contains("metadata.labels.a must be a string");
    }

    @Test
    void yamlBodiesAreAccepted() throws Exception {
        var r = cluster.send("POST", "/api/v1/namespaces/default/configmaps", "application/yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n", "application/yaml");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/yaml");
        assertThat(r.body()).contains("name: \"from-yaml\"").contains("k: \"v\"");
    }

    @Test
    void generateNameMakesAUniqueName() {
        var cms = cluster.client.configMaps().inNamespace("default");
        ConfigMap a = cms.resource(new ConfigMapBuilder().withNewMetadata().withGenerateName("gen-").endMetadata().build())
                .create();
        ConfigMap b = cms.resource(new ConfigMapBuilder().withNewMetadata().withGenerateName("gen-").endMetadata().build())
                .create();
        assertThat(a.getMetadata().getName()).matches("gen-[a-z0-9]{5}");
        assertThat(b.getMetadata().getName()).matches("gen-[a-z0-9]{5}").isNotEqualTo(a.getMetadata().getName());
    }

    @Test
    void dryRunWritesNothing() {
        var cms = cluster.client.configMaps().inNamespace("default");
        ConfigMap dry = cms.resource(cm("dry", Map.of("a", "1"))).dryRun().create();
        assertThat(dry.getMetadata().getName()).isEqualTo("dry");
        assertThat(cms.withName("dry").get()).isNull();
    }
}
