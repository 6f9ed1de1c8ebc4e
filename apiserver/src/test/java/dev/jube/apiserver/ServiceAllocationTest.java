package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Service defaults and validation, and cluster IP and node port allocation across requests and servers. */
class ServiceAllocationTest {

    private static final String SVC = "/api/v1/namespaces/default/services";

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
        api = Api.of(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String service(String name, String extraSpec) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + extraSpec
                + "\"selector\":{\"app\":\"" + name + "\"},\"ports\":[{\"port\":80}]}}";
    }

    @Test
    void servicesGetDefaultsAndAClusterIpFromTheRange() throws Exception {
        JsonNode svc = api.create(SVC, service("web", ""));
        JsonNode spec = svc.path("spec");
        assertThat(spec.path("type").asString()).isEqualTo("ClusterIP");
        assertThat(spec.path("sessionAffinity").asString()).isEqualTo("None");
        assertThat(spec.path("ports").get(0).path("protocol").asString()).isEqualTo("TCP");
        assertThat(spec.path("ports").get(0).path("targetPort").asInt()).isEqualTo(80);
        assertThat(spec.path("ipFamilies").get(0).asString()).isEqualTo("IPv4");
        assertThat(spec.path("ipFamilyPolicy").asString()).isEqualTo("SingleStack");
        assertThat(spec.path("internalTrafficPolicy").asString()).isEqualTo("Cluster");
        String ip = spec.path("clusterIP").asString();
        assertThat(ip).startsWith("10.");
        assertThat(inServiceRange(ip)).isTrue();
        assertThat(spec.path("clusterIPs").get(0).asString()).isEqualTo(ip);

        JsonNode headless = api.create(SVC, service("headless", "\"clusterIP\":\"None\","));
        assertThat(headless.path("spec").path("clusterIP").asString()).isEqualTo("None");
        JsonNode external = api.create(SVC, """
                {"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}""");
        assertThat(external.path("spec").has("clusterIP")).isFalse();
        assertThat(external.path("spec").has("ipFamilies")).isFalse();
    }

    private static boolean inServiceRange(String ip) {
        String[] p = ip.split("\\.");
        int second = Integer.parseInt(p[1]);
        return p[0].equals("10") && second >= 96 && second <= 111;
    }

    @Test
    void explicitClusterIpsAreCheckedAndReleasedOnDelete() throws Exception {
        JsonNode first = api.create(SVC, service("fixed", "\"clusterIP\":\"10.96.0.50\","));
        assertThat(first.path("spec").path("clusterIP").asString()).isEqualTo("10.96.0.50");
        Api.Reply taken = api.post(SVC, service("fixed2", "\"clusterIP\":\"10.96.0.50\","));
        assertThat(taken.code()).isEqualTo(422);
        assertThat(taken.causes()).containsExactly("spec.clusterIPs: Invalid value: []string{\"10.96.0.50\"}: "
                + "failed to allocate IP 10.96.0.50: provided IP is already allocated");
        Api.Reply outside = api.post(SVC, service("outside", "\"clusterIP\":\"192.168.1.1\","));
        assertThat(outside.causes()).containsExactly("spec.clusterIPs: Invalid value: []string{\"192.168.1.1\"}: "
                + "failed to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. "
                + "The range of valid IPs is 10.96.0.0/12");
        Api.Reply kubernetes = api.post(SVC, service("steal", "\"clusterIP\":\"10.96.0.1\","));
        assertThat(kubernetes.code()).isEqualTo(422);
        Api.Reply garbage = api.post(SVC, service("garbage", "\"clusterIP\":\"not-an-ip\","));
        assertThat(garbage.causes()).singleElement().asString()
                .startsWith("spec.clusterIPs[0]: Invalid value: \"not-an-ip\": must be a valid IP address");

        Api.Reply change = api.mergePatch(SVC + "/fixed", "{\"spec\":{\"clusterIP\":\"10.96.0.51\",\"clusterIPs\":null}}");
        assertThat(change.code()).isEqualTo(422);
        assertThat(change.causes()).containsExactly(
                "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.51\"}: may not change once set");

        assertThat(api.delete(SVC + "/fixed").code()).isEqualTo(200);
        JsonNode again = api.create(SVC, service("fixed2", "\"clusterIP\":\"10.96.0.50\","));
        assertThat(again.path("spec").path("clusterIP").asString()).isEqualTo("10.96.0.50");
    }

    @Test
    void nodePortsAreAllocatedCheckedAndReleased() throws Exception {
        JsonNode np = api.create(SVC, service("np", "\"type\":\"NodePort\","));
        int port = np.path("spec").path("ports").get(0).path("nodePort").asInt();
        assertThat(port).isBetween(30000, 32767);
        assertThat(np.path("spec").path("externalTrafficPolicy").asString()).isEqualTo("Cluster");

        Api.Reply taken = api.post(SVC, """
                {"metadata":{"name":"np2"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":%d}]}}"""
                .formatted(port));
        assertThat(taken.causes()).containsExactly(
                "spec.ports[0].nodePort: Invalid value: " + port + ": provided port is already allocated");
        Api.Reply outside = api.post(SVC, """
                {"metadata":{"name":"np3"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":80}]}}""");
        assertThat(outside.causes()).containsExactly("spec.ports[0].nodePort: Invalid value: 80: provided port is "
                + "not in the valid range. The range of valid ports is 30000-32767");
        Api.Reply forbidden = api.post(SVC, """
                {"metadata":{"name":"np4"},"spec":{"ports":[{"port":80,"nodePort":30001}]}}""");
        assertThat(forbidden.causes()).containsExactly(
                "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");

        // An update that leaves the node port out keeps it; turning into ClusterIP gives it back.
        JsonNode kept = api.mergePatch(SVC + "/np", "{\"spec\":{\"ports\":[{\"port\":80}]}}").body();
        assertThat(kept.path("spec").path("ports").get(0).path("nodePort").asInt()).isEqualTo(port);
        Api.Reply toClusterIp = api.mergePatch(SVC + "/np", "{\"spec\":{\"type\":\"ClusterIP\"}}");
        assertThat(toClusterIp.code()).as(toClusterIp.body().toString()).isEqualTo(200);
        assertThat(toClusterIp.body().path("spec").path("ports").get(0).has("nodePort")).isFalse();
        JsonNode reuse = api.create(SVC, """
                {"metadata":{"name":"np5"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":%d}]}}"""
                .formatted(port));
        assertThat(reuse.path("spec").path("ports").get(0).path("nodePort").asInt()).isEqualTo(port);
    }

    @Test
    void invalidServicePortsAreRejected() throws Exception {
        Api.Reply r = api.post(SVC, """
                {"metadata":{"name":"ports"},"spec":{"ports":[{"port":80},{"name":"b","port":80},
                {"name":"b","port":70000,"protocol":"ICMP"}]}}""");
        assertThat(r.code()).isEqualTo(422);
        assertThat(r.causes()).contains(
                "spec.ports[0].name: Required value",
                "spec.ports[1]: Duplicate value: core.ServicePort{Port:80, Protocol:\"TCP\"}",
                "spec.ports[2].name: Duplicate value: \"b\"",
                "spec.ports[2].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.ports[2].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
        assertThat(api.post(SVC, "{\"metadata\":{\"name\":\"noports\"},\"spec\":{}}").causes())
                .containsExactly("spec.ports: Required value");
        Api.Reply name = api.post(SVC, service("1-starts-with-digit", ""));
        assertThat(name.causes()).singleElement().asString()
                .startsWith("metadata.name: Invalid value: \"1-starts-with-digit\": a DNS-1035 label");
    }

    @Test
    void concurrentCreatesNeverShareAnIpOrPort() throws Exception {
        int n = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "par-" + i;
                futures.add(pool.submit(() -> api.create(SVC, service(name, "\"type\":\"NodePort\","))));
            }
            Set<String> ips = new HashSet<>();
            Set<Integer> ports = new HashSet<>();
            for (Future<JsonNode> f : futures) {
                JsonNode svc = f.get(60, TimeUnit.SECONDS);
                ips.add(svc.path("spec").path("clusterIP").asString());
                ports.add(svc.path("spec").path("ports").get(0).path("nodePort").asInt());
            }
            assertThat(ips).hasSize(n);
            assertThat(ports).hasSize(n);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void allocationsSurviveARestartAndAreSharedBetweenServers(@TempDir Path second) throws Exception {
        api.create(SVC, service("before-restart", "\"clusterIP\":\"10.96.1.10\","));
        // A second server on the same store, as after a restart or in an HA pair.
        try (ApiServer other = ApiServer.start(ApiServerConfig.defaults(cluster.store, dir)
                .withBindAddress("127.0.0.1").withPort(0))) {
            Api otherApi = Api.of(cluster, other);
            Api.Reply taken = otherApi.post(SVC, service("after-restart", "\"clusterIP\":\"10.96.1.10\","));
            assertThat(taken.code()).isEqualTo(422);
            assertThat(taken.message()).contains("provided IP is already allocated");

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<JsonNode>> futures = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Api target = i % 2 == 0 ? api : otherApi;
                    String name = "ha-" + i;
                    futures.add(pool.submit(() -> target.create(SVC, service(name, ""))));
                }
                Set<String> ips = new HashSet<>();
                for (Future<JsonNode> f : futures) {
                    ips.add(f.get(60, TimeUnit.SECONDS).path("spec").path("clusterIP").asString());
                }
                assertThat(ips).hasSize(16).doesNotContain("10.96.1.10", "10.96.0.1");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
