package dev.jube.kubelet.pods;

import dev.jube.kubelet.TestApi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Container environments resolved against objects in a real API server. */
class ContainerEnvTest {

    static JubeCluster cluster;
    static KubernetesClient client;
    static ContainerEnv env;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
                .create();
        client.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("MODE", "fast").addToData("1st", "x").addToData("LEVEL", "3").build())
                .create();
        client.secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("creds")
                .endMetadata().addToStringData("password", "s3cret").build()).create();
        client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web-front")
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80).endPort()
                .addNewPort().withName("admin").withPort(8443).endPort().endSpec().build()).create();
        env = new ContainerEnv(PodObjects.of(TestApi.client(client), Duration.ZERO), Map.of("cpu", dev.jube.api.Quantity.parse("2"),
                "memory", dev.jube.api.Quantity.parse("4Gi")));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** The agent's views of the pod and container the test built, as the agent reads them. */
    private static Map<String, String> resolve(Pod p, Container c) throws ContainerConfigException {
        return env.resolve(TestApi.view(p, dev.jube.kubelet.model.Pod::new),
                TestApi.view(c, dev.jube.kubelet.model.Container::new));
    }

    private static Pod pod(Container c) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("shop").withUid("u-1")
                .addToLabels("app", "shop").endMetadata()
                .withNewSpec().withNodeName("node-a").withContainers(c).endSpec()
                .withNewStatus().withPodIP("10.42.0.7").withHostIP("192.168.1.2").endStatus().build();
    }

    @Test
    void envFromEnvAndServiceLinksInUpstreamOrder() throws Exception {
        Container c = new ContainerBuilder().withName("app").withImage("busybox")
                .addNewEnvFrom().withNewConfigMapRef().withName("settings").endConfigMapRef().endEnvFrom()
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef().withName("settings").endConfigMapRef()
                .endEnvFrom()
                .addNewEnv().withName("GREETING").withValue("mode=$(CFG_MODE) web=$(WEB_FRONT_SERVICE_HOST) $$(KEEP) $(NOPE)")
                .endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("creds")
                .withKey("password").endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MEM_MI").withNewValueFrom().withNewResourceFieldRef()
                .withResource("limits.memory").withDivisor(new Quantity("1Mi")).endResourceFieldRef().endValueFrom()
                .endEnv()
                .build();
        Map<String, String> e = resolve(pod(c), c);
        String ip = client.services().inNamespace("shop").withName("web-front").get().getSpec().getClusterIP();
        assertThat(e).containsEntry("CFG_MODE", "fast").containsEntry("CFG_LEVEL", "3")
                .containsEntry("MODE", "fast").containsEntry("CFG_1st", "x").doesNotContainKey("1st")
                .containsEntry("GREETING", "mode=fast web=" + ip + " $(KEEP) $(NOPE)")
                .containsEntry("PASSWORD", "s3cret")
                .containsEntry("POD_IP", "10.42.0.7")
                .containsEntry("APP", "shop")
                .containsEntry("MEM_MI", "4096")
                .containsEntry("WEB_FRONT_SERVICE_HOST", ip)
                .containsEntry("WEB_FRONT_SERVICE_PORT", "80")
                .containsEntry("WEB_FRONT_SERVICE_PORT_ADMIN", "8443")
                .containsEntry("WEB_FRONT_PORT", "tcp://" + ip + ":80")
                .containsEntry("WEB_FRONT_PORT_8443_TCP_ADDR", ip)
                .containsEntry("WEB_FRONT_PORT_8443_TCP_PROTO", "tcp")
                .containsKey("KUBERNETES_SERVICE_HOST")
                .containsEntry("KUBERNETES_SERVICE_PORT", "443");
        assertThat(List.copyOf(e.keySet()).indexOf("CFG_MODE")).isLessThan(List.copyOf(e.keySet()).indexOf("GREETING"));
    }

    @Test
    void serviceLinksCanBeTurnedOffButTheMasterServiceStays() throws Exception {
        Container c = new ContainerBuilder().withName("app").withImage("busybox").build();
        Pod p = pod(c);
        p.getSpec().setEnableServiceLinks(false);
        assertThat(resolve(p, c)).doesNotContainKey("WEB_FRONT_SERVICE_HOST").containsKey("KUBERNETES_PORT");
    }

    @Test
    void missingObjectsAndKeysSayWhatIsMissingUnlessOptional() throws Exception {
        Container missingMap = new ContainerBuilder().withName("app").addNewEnv().withName("X").withNewValueFrom()
                .withNewConfigMapKeyRef().withName("absent").withKey("k").endConfigMapKeyRef().endValueFrom().endEnv()
                .build();
        assertThatThrownBy(() -> resolve(pod(missingMap), missingMap))
                .isInstanceOf(ContainerConfigException.class).hasMessage("configmap \"absent\" not found");
        Container missingKey = new ContainerBuilder().withName("app").addNewEnv().withName("X").withNewValueFrom()
                .withNewSecretKeyRef().withName("creds").withKey("user").endSecretKeyRef().endValueFrom().endEnv()
                .build();
        assertThatThrownBy(() -> resolve(pod(missingKey), missingKey))
                .hasMessage("couldn't find key user in Secret shop/creds");
        Container optional = new ContainerBuilder().withName("app").addNewEnv().withName("X").withNewValueFrom()
                .withNewSecretKeyRef().withName("nothing").withKey("k").withOptional(true).endSecretKeyRef()
                .endValueFrom().endEnv().build();
        assertThat(resolve(pod(optional), optional)).doesNotContainKey("X");
    }
}
