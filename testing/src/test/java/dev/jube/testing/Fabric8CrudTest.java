package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create, read, list, update and delete through the fabric8 client, kind by kind. */
class Fabric8CrudTest {

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

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void configMaps() {
        var cms = client.configMaps().inNamespace("default");
        ConfigMap created = cms.resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .addToLabels("app", "crud").endMetadata().addToData("mode", "fast").build()).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();

        assertThat(cms.withName("settings").get().getData()).containsExactly(Map.entry("mode", "fast"));
        assertThat(cms.withLabel("app", "crud").list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactly("settings");

        ConfigMap edited = cms.withName("settings")
                .edit(c -> new ConfigMapBuilder(c).addToData("mode", "slow").build());
        assertThat(edited.getData()).containsEntry("mode", "slow");
        assertThat(Long.parseLong(edited.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

        // An update carrying a stale resourceVersion is a conflict, not a lost update.
        ConfigMap stale = new ConfigMapBuilder(created).addToData("mode", "stale").build();
        assertThatThrownBy(() -> cms.resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(cms.withName("settings").get().getData()).containsEntry("mode", "slow");

        assertThat(cms.withName("settings").delete()).hasSize(1);
        assertThat(cms.withName("settings").get()).isNull();
    }

    @Test
    void secrets() {
        var secrets = client.secrets().inNamespace("default");
        secrets.resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                .withType("Opaque").addToData("password", b64("s3cret")).build()).create();
        Secret read = secrets.withName("creds").get();
        assertThat(read.getType()).isEqualTo("Opaque");
        assertThat(new String(Base64.getDecoder().decode(read.getData().get("password")), StandardCharsets.UTF_8))
                .isEqualTo("s3cret");

        secrets.withName("creds").edit(s -> new SecretBuilder(s).addToData("user", b64("admin")).build());
        assertThat(secrets.withName("creds").get().getData()).containsKeys("password", "user");

        assertThat(secrets.withName("creds").delete()).hasSize(1);
        assertThat(secrets.withName("creds").get()).isNull();
    }

    @Test
    void pods() {
        var pods = client.pods().inNamespace("default");
        Pod created = pods.resource(new PodBuilder().withNewMetadata().withName("web").addToLabels("app", "web")
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("busybox")
                .withCommand("sleep", "3600").endContainer().endSpec().build()).create();
        assertThat(created.getStatus().getPhase()).isEqualTo("Pending");

        Pod relabelled = pods.withName("web").edit(p -> new PodBuilder(p).editMetadata().addToLabels("tier", "front")
                .endMetadata().build());
        assertThat(relabelled.getMetadata().getLabels()).containsEntry("tier", "front");
        assertThat(pods.withLabel("tier", "front").list().getItems()).hasSize(1);
        assertThat(pods.withLabel("tier", "back").list().getItems()).isEmpty();

        // A pod on no node has nothing to wait for: it is removed at once.
        assertThat(pods.withName("web").delete()).hasSize(1);
        assertThat(pods.withName("web").get()).isNull();
    }

    @Test
    void podWithoutContainersIsRefusedWithTheFieldNamed() {
        Pod empty = new PodBuilder().withNewMetadata().withName("empty").endMetadata().withNewSpec().endSpec().build();
        assertThatThrownBy(() -> client.pods().inNamespace("default").resource(empty).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses()).anySatisfy(c ->
                            assertThat(c.getField()).isEqualTo("spec.containers"));
                });
        assertThat(client.pods().inNamespace("default").withName("empty").get()).isNull();
    }

    @Test
    void services() {
        var services = client.services().inNamespace("default");
        services.resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                .addToSelector("app", "web").addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString(8080)).withProtocol("TCP").endPort().endSpec().build()).create();
        Service read = services.withName("web").get();
        assertThat(read.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(read.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(read.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort().getIntVal()).isEqualTo(8080);
        });

        services.withName("web").edit(s -> new ServiceBuilder(s).editSpec().addToSelector("tier", "front").endSpec()
                .build());
        assertThat(services.withName("web").get().getSpec().getSelector()).containsEntry("tier", "front");

        assertThat(services.withName("web").delete()).hasSize(1);
        assertThat(services.withName("web").get()).isNull();
    }

    @Test
    void deployments() {
        var deployments = client.apps().deployments().inNamespace("default");
        Deployment created = deployments.resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        assertThat(created.getSpec().getReplicas()).isEqualTo(1);
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

        Deployment scaled = deployments.withName("web").edit(d -> new DeploymentBuilder(d).editSpec()
                .withReplicas(3).endSpec().build());
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
        assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);

        // A metadata-only change is not a new generation.
        Deployment labelled = deployments.withName("web").edit(d -> new DeploymentBuilder(d).editMetadata()
                .addToLabels("team", "a").endMetadata().build());
        assertThat(labelled.getMetadata().getGeneration()).isEqualTo(2L);

        assertThat(client.apps().deployments().inAnyNamespace().list().getItems())
                .extracting(d -> d.getMetadata().getName()).contains("web");
        assertThat(deployments.withName("web").delete()).hasSize(1);
        assertThat(deployments.withName("web").get()).isNull();
    }

    @Test
    void namespacesAndObjectsInThem() {
        Namespace ns = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-crud")
                .endMetadata().build()).create();
        assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
        assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                .contains("team-crud", "default");

        client.configMaps().inNamespace("team-crud").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("only-here").endMetadata().build()).create();
        assertThat(client.configMaps().inNamespace("default").withName("only-here").get()).isNull();
        assertThat(client.configMaps().inAnyNamespace().list().getItems())
                .filteredOn(c -> c.getMetadata().getName().equals("only-here"))
                .singleElement().satisfies(c -> assertThat(c.getMetadata().getNamespace()).isEqualTo("team-crud"));

        client.namespaces().withName("team-crud").edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToLabels("owner", "crud").endMetadata().build());
        assertThat(client.namespaces().withLabel("owner", "crud").list().getItems()).hasSize(1);
    }

    @Test
    void creatingTheSameNameTwiceIsAConflict() {
        var cms = client.configMaps().inNamespace("default");
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("twice").endMetadata()
                .addToData("v", "1").build();
        cms.resource(cm).create();
        ConfigMap second = new ConfigMapBuilder(cm).addToData("v", "2").build();
        assertThatThrownBy(() -> cms.resource(second).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                });
        assertThat(cms.withName("twice").get().getData()).containsEntry("v", "1");
    }
}
