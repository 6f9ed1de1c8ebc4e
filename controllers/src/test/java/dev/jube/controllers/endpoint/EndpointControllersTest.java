package dev.jube.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.Times;
import dev.jube.controllers.testing.ControllerCluster;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EndpointControllersTest {

    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(EndpointsController::new, () -> new EndpointSliceController(3));
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    /** An unscheduled pod (the fake kubelet leaves it alone) given an IP and readiness by hand. */
    static Pod pod(String ns, String name, Map<String, String> labels, String ip, boolean ready, int httpPort) {
        Pod pod = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("web").withImage("nginx")
                .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(httpPort).build())
                .endContainer().endSpec().build()).create();
        return setStatus(pod, ip, ready);
    }

    static Pod setStatus(Pod pod, String ip, boolean ready) {
        String now = Times.now();
        Pod withStatus = new PodBuilder(pod).editOrNewStatus().withPhase("Running").withPodIP(ip)
                .withConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("Ready")
                        .withStatus(ready ? "True" : "False").withLastTransitionTime(now).build()))
                .endStatus().build();
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(withStatus).updateStatus();
    }

    static Service service(String ns, String name, Map<String, String> selector, boolean publishNotReady) {
        return client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("team", "a")).endMetadata().withNewSpec().withSelector(selector)
                .withPublishNotReadyAddresses(publishNotReady)
                .addNewPort().withName("web").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build()).create();
    }

    static List<EndpointSlice> slicesOf(String ns, String svc) {
        return client.discovery().v1().endpointSlices().inNamespace(ns)
                .withLabel(EndpointSliceController.SERVICE_NAME, svc).list().getItems();
    }

    static List<Endpoint> sliceEndpoints(String ns, String svc) {
        return slicesOf(ns, svc).stream().flatMap(s -> s.getEndpoints().stream()).toList();
    }

    @Test
    void readyAndNotReadyPodsWithNamedPortsResolvedPerPod() {
        String ns = cluster.newNamespace();
        Map<String, String> app = Map.of("app", "web");
        pod(ns, "a", app, "10.1.0.1", true, 8080);
        pod(ns, "b", app, "10.1.0.2", false, 8080);
        pod(ns, "c", app, "10.1.0.3", true, 9090);
        pod(ns, "other", Map.of("app", "db"), "10.1.0.9", true, 8080);
        Service svc = service(ns, "web", app, false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Endpoints ep = client.endpoints().inNamespace(ns).withName("web").get();
            assertThat(ep.getSubsets()).hasSize(2);
            EndpointSubset s8080 = subsetWithPort(ep, 8080);
            assertThat(s8080.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.1.0.1");
            assertThat(s8080.getNotReadyAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.1.0.2");
            assertThat(s8080.getPorts().getFirst().getName()).isEqualTo("web");
            assertThat(s8080.getPorts().getFirst().getProtocol()).isEqualTo("TCP");
            EndpointSubset s9090 = subsetWithPort(ep, 9090);
            assertThat(s9090.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.1.0.3");
            assertThat(s8080.getAddresses().getFirst().getTargetRef().getName()).isEqualTo("a");
            assertThat(s8080.getAddresses().getFirst().getTargetRef().getKind()).isEqualTo("Pod");
            assertThat(ep.getMetadata().getLabels()).containsEntry("team", "a");
            assertThat(ep.getMetadata().getAnnotations()).containsKey(EndpointsController.TRIGGER_TIME);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<EndpointSlice> slices = slicesOf(ns, "web");
            assertThat(slices).hasSize(2);
            for (EndpointSlice s : slices) {
                assertThat(s.getAddressType()).isEqualTo("IPv4");
                assertThat(s.getMetadata().getLabels()).containsEntry(EndpointSliceController.MANAGED_BY,
                        EndpointSliceController.CONTROLLER_NAME).containsEntry("team", "a");
                assertThat(s.getMetadata().getOwnerReferences().getFirst().getUid())
                        .isEqualTo(svc.getMetadata().getUid());
                assertThat(s.getMetadata().getName()).startsWith("web-");
            }
            List<Endpoint> eps = sliceEndpoints(ns, "web");
            assertThat(eps).extracting(e -> e.getAddresses().getFirst())
                    .containsExactlyInAnyOrder("10.1.0.1", "10.1.0.2", "10.1.0.3");
            Endpoint b = eps.stream().filter(e -> e.getAddresses().contains("10.1.0.2")).findFirst().orElseThrow();
            assertThat(b.getConditions().getReady()).isFalse();
            assertThat(b.getConditions().getServing()).isFalse();
            assertThat(b.getConditions().getTerminating()).isFalse();
            EndpointSlice c = slices.stream().filter(s -> s.getEndpoints().stream()
                    .anyMatch(e -> e.getAddresses().contains("10.1.0.3"))).findFirst().orElseThrow();
            assertThat(c.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getPort()).isEqualTo(9090);
                assertThat(p.getName()).isEqualTo("web");
            });
        });

        // Readiness changes move the address; a pod whose labels stop matching leaves.
        setStatus(client.pods().inNamespace(ns).withName("b").get(), "10.1.0.2", true);
        client.pods().inNamespace(ns).withName("a").edit(p -> new PodBuilder(p).editMetadata()
                .withLabels(Map.of("app", "gone")).endMetadata().build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            EndpointSubset s8080 = subsetWithPort(client.endpoints().inNamespace(ns).withName("web").get(), 8080);
            assertThat(s8080.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.1.0.2");
            assertThat(s8080.getNotReadyAddresses()).isNullOrEmpty();
            assertThat(sliceEndpoints(ns, "web")).extracting(e -> e.getAddresses().getFirst())
                    .containsExactlyInAnyOrder("10.1.0.2", "10.1.0.3");
        });

        // Deleting the service takes its endpoints away.
        client.services().inNamespace(ns).withName("web").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.endpoints().inNamespace(ns).withName("web").get()).isNull();
            assertThat(slicesOf(ns, "web")).isEmpty();
        });
    }

    private static EndpointSubset subsetWithPort(Endpoints ep, int port) {
        return ep.getSubsets().stream().filter(s -> s.getPorts().getFirst().getPort() == port).findFirst()
                .orElseThrow();
    }

    @Test
    void publishNotReadyAddressesListsEveryPodAsReady() {
        String ns = cluster.newNamespace();
        Map<String, String> app = Map.of("app", "db");
        pod(ns, "db-0", app, "10.2.0.1", false, 5432);
        service(ns, "db", app, true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Endpoints ep = client.endpoints().inNamespace(ns).withName("db").get();
            assertThat(ep.getSubsets().getFirst().getAddresses()).extracting(EndpointAddress::getIp)
                    .containsExactly("10.2.0.1");
            assertThat(ep.getSubsets().getFirst().getNotReadyAddresses()).isNullOrEmpty();
            assertThat(sliceEndpoints(ns, "db")).singleElement()
                    .satisfies(e -> assertThat(e.getConditions().getReady()).isTrue());
        });
    }

    @Test
    void headlessServiceWithoutPortsListsHostnamesOfPodsInItsSubdomain() {
        String ns = cluster.newNamespace();
        Map<String, String> app = Map.of("app", "set");
        for (int i = 0; i < 2; i++) {
            Pod p = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("set-" + i)
                    .withLabels(app).endMetadata().withNewSpec().withHostname("set-" + i).withSubdomain("set")
                    .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build()).create();
            setStatus(p, "10.3.0." + (i + 1), true);
        }
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("set")
                .endMetadata().withNewSpec().withClusterIP("None").withSelector(app).endSpec().build()).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Endpoints ep = client.endpoints().inNamespace(ns).withName("set").get();
            assertThat(ep.getMetadata().getLabels()).containsKey(EndpointsController.HEADLESS);
            EndpointSubset s = ep.getSubsets().getFirst();
            assertThat(s.getPorts()).isNullOrEmpty();
            assertThat(s.getAddresses()).extracting(EndpointAddress::getHostname).containsExactly("set-0", "set-1");
            assertThat(sliceEndpoints(ns, "set")).extracting(Endpoint::getHostname)
                    .containsExactlyInAnyOrder("set-0", "set-1");
        });
    }

    @Test
    void terminatingPodsLeaveEndpointsButStayInSlicesAsTerminating() {
        String ns = cluster.newNamespace();
        Map<String, String> app = Map.of("app", "t");
        pod(ns, "t-0", app, "10.4.0.1", true, 80);
        client.pods().inNamespace(ns).withName("t-0").edit(x -> new PodBuilder(x).editMetadata()
                .withFinalizers("example.com/hold").endMetadata().build());
        service(ns, "t", app, false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                client.endpoints().inNamespace(ns).withName("t").get().getSubsets()).hasSize(1));
        client.pods().inNamespace(ns).withName("t-0").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.endpoints().inNamespace(ns).withName("t").get().getSubsets()).isNullOrEmpty();
            assertThat(sliceEndpoints(ns, "t")).singleElement().satisfies(e -> {
                assertThat(e.getConditions().getTerminating()).isTrue();
                assertThat(e.getConditions().getServing()).isTrue();
                assertThat(e.getConditions().getReady()).isFalse();
            });
        });
        client.pods().inNamespace(ns).withName("t-0").edit(x -> new PodBuilder(x).editMetadata()
                .withFinalizers(List.of()).endMetadata().build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<EndpointSlice> slices = slicesOf(ns, "t");
            assertThat(slices).hasSize(1); // the placeholder
            assertThat(slices.getFirst().getEndpoints()).isNullOrEmpty();
        });
    }

    @Test
    void slicesHoldAtMostTheConfiguredNumberOfEndpoints() {
        String ns = cluster.newNamespace();
        Map<String, String> app = Map.of("app", "many");
        for (int i = 0; i < 7; i++) {
            pod(ns, "m-" + i, app, "10.5.0." + (i + 1), true, 80);
        }
        service(ns, "many", app, false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<EndpointSlice> slices = slicesOf(ns, "many");
            assertThat(slices).hasSize(3);
            assertThat(slices).allSatisfy(s -> assertThat(s.getEndpoints().size()).isLessThanOrEqualTo(3));
            assertThat(sliceEndpoints(ns, "many")).hasSize(7);
        });
        for (int i = 0; i < 5; i++) {
            client.pods().inNamespace(ns).withName("m-" + i).withGracePeriod(0).delete();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(slicesOf(ns, "many")).hasSize(1);
            assertThat(sliceEndpoints(ns, "many")).hasSize(2);
        });
    }

    @Test
    void servicesWithoutASelectorKeepTheirUserManagedEndpoints() throws Exception {
        String ns = cluster.newNamespace();
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("ext")
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        client.endpoints().inNamespace(ns).resource(new EndpointsBuilder().withNewMetadata().withName("ext")
                .endMetadata().addNewSubset().addNewAddress().withIp("192.0.2.10").endAddress()
                .addNewPort().withPort(80).endPort().endSubset().build()).create();
        // A selector service created after it is handled, so the controllers have seen "ext" too.
        Map<String, String> app = Map.of("app", "marker");
        pod(ns, "marker", app, "10.6.0.1", true, 80);
        service(ns, "marker", app, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.endpoints().inNamespace(ns).withName("marker")
                .get() != null && !slicesOf(ns, "marker").isEmpty());
        Endpoints ext = client.endpoints().inNamespace(ns).withName("ext").get();
        assertThat(ext.getSubsets().getFirst().getAddresses().getFirst().getIp()).isEqualTo("192.0.2.10");
        assertThat(slicesOf(ns, "ext")).isEmpty();
    }

    @Test
    void theKubernetesServicePointsAtTheApiServer() {
        Endpoints ep = client.endpoints().inNamespace("default").withName("kubernetes").get();
        assertThat(ep.getSubsets().getFirst().getAddresses()).isNotEmpty();
        assertThat(ep.getSubsets().getFirst().getPorts().getFirst().getName()).isEqualTo("https");
    }

    @Test
    void sliceEndpointsCarryTheirNodeAndItsZone() {
        String ns = cluster.newNamespace();
        client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("zoned")
                .withLabels(Map.of("topology.kubernetes.io/zone", "zone-a")).endMetadata().build()).create();
        Map<String, String> app = Map.of("app", "z");
        // A pod on a node: the fake kubelet runs it and reports it ready.
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("z-0").withLabels(app)
                .endMetadata().withNewSpec().withNodeName("zoned").addNewContainer().withName("web")
                .withImage("nginx").endContainer().endSpec().build()).create();
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("z").endMetadata()
                .withNewSpec().withSelector(app).addNewPort().withPort(80).endPort().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sliceEndpoints(ns, "z")).singleElement().satisfies(e -> {
                assertThat(e.getNodeName()).isEqualTo("zoned");
                assertThat(e.getZone()).isEqualTo("zone-a");
                assertThat(e.getConditions().getReady()).isTrue();
            });
            EndpointAddress a = client.endpoints().inNamespace(ns).withName("z").get().getSubsets().getFirst()
                    .getAddresses().getFirst();
            assertThat(a.getNodeName()).isEqualTo("zoned");
        });
    }
}
