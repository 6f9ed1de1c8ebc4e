package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** New pods get a service account and, unless they opt out, the API access volume in every container. */
class ServiceAccountAdmissionTest {

    static JubeCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewInitContainer().withName("init").withImage("busybox").endInitContainer()
                .addNewContainer().withName("main").withImage("busybox").endContainer().endSpec();
    }

    @Test
    void podsGetTheDefaultAccountAndTheApiAccessVolume() {
        Pod p = client.pods().inNamespace("default").resource(pod("with-token").build()).create();
        assertThat(p.getSpec().getServiceAccountName()).isEqualTo("default");
        Volume v = p.getSpec().getVolumes().get(0);
        assertThat(v.getName()).matches("kube-api-access-[a-z0-9]{5}");
        assertThat(v.getProjected().getSources()).hasSize(3);
        assertThat(v.getProjected().getSources().get(0).getServiceAccountToken().getExpirationSeconds()).isEqualTo(3607);
        assertThat(v.getProjected().getSources().get(1).getConfigMap().getName()).isEqualTo("kube-root-ca.crt");
        assertThat(p.getSpec().getContainers().get(0).getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getName()).isEqualTo(v.getName());
            assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(p.getSpec().getInitContainers().get(0).getVolumeMounts()).hasSize(1);
    }

    @Test
    void podsThatOptOutGetNoVolume() {
        Pod p = client.pods().inNamespace("default").resource(pod("without-token").editSpec()
                .withAutomountServiceAccountToken(false).withServiceAccountName("builder").endSpec().build()).create();
        assertThat(p.getSpec().getServiceAccountName()).isEqualTo("builder");
        assertThat(p.getSpec().getVolumes()).isEmpty();
        assertThat(p.getSpec().getContainers().get(0).getVolumeMounts()).isEmpty();
    }
}
