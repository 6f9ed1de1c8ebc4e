package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Pod defaulting, validation messages and update rules, through the HTTP API. */
class PodStrategyTest {

    private static final String PODS = "/api/v1/namespaces/default/pods";

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

    @Test
    void podsGetUpstreamDefaults() throws Exception {
        JsonNode pod = api.create(PODS, """
                {"metadata":{"name":"defaults"},"spec":{"containers":[
                  {"name":"web","image":"nginx","ports":[{"containerPort":80}]},
                  {"name":"pinned","image":"registry.local:5000/app:1.2"},
                  {"name":"latest","image":"busybox:latest"}]}}""");
        JsonNode spec = pod.path("spec");
        assertThat(spec.path("restartPolicy").asString()).isEqualTo("Always");
        assertThat(spec.path("dnsPolicy").asString()).isEqualTo("ClusterFirst");
        assertThat(spec.path("schedulerName").asString()).isEqualTo("default-scheduler");
        assertThat(spec.path("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(spec.path("serviceAccountName").asString()).isEqualTo("default");
        assertThat(spec.path("serviceAccount").asString()).isEqualTo("default");
        assertThat(spec.path("enableServiceLinks").asBoolean()).isTrue();
        assertThat(spec.path("securityContext").isObject()).isTrue();
        assertThat(spec.path("priority").asInt(-1)).isZero();
        assertThat(spec.path("preemptionPolicy").asString()).isEqualTo("PreemptLowerPriority");
        JsonNode web = spec.path("containers").get(0);
        assertThat(web.path("imagePullPolicy").asString()).isEqualTo("Always");
        assertThat(web.path("terminationMessagePath").asString()).isEqualTo("/dev/termination-log");
        assertThat(web.path("terminationMessagePolicy").asString()).isEqualTo("File");
        assertThat(web.path("ports").get(0).path("protocol").asString()).isEqualTo("TCP");
        assertThat(spec.path("containers").get(1).path("imagePullPolicy").asString()).isEqualTo("IfNotPresent");
        assertThat(spec.path("containers").get(2).path("imagePullPolicy").asString()).isEqualTo("Always");
        assertThat(spec.path("tolerations").toString()).contains("node.kubernetes.io/not-ready")
                .contains("node.kubernetes.io/unreachable");
        assertThat(pod.path("status").path("phase").asString()).isEqualTo("Pending");
        assertThat(pod.path("status").path("qosClass").asString()).isEqualTo("BestEffort");
    }

    @Test
    void qosClassFollowsRequestsAndLimits() throws Exception {
        JsonNode guaranteed = api.create(PODS, """
                {"metadata":{"name":"guaranteed"},"spec":{"containers":[{"name":"a","image":"x:1",
                  "resources":{"limits":{"cpu":"500m","memory":"64Mi"}}}]}}""");
        assertThat(guaranteed.path("status").path("qosClass").asString()).isEqualTo("Guaranteed");
        // Requests default to the limits.
        assertThat(guaranteed.path("spec").path("containers").get(0).path("resources").path("requests")
                .path("cpu").asString()).isEqualTo("500m");
        JsonNode burstable = api.create(PODS, """
                {"metadata":{"name":"burstable"},"spec":{"containers":[{"name":"a","image":"x:1",
                  "resources":{"requests":{"cpu":"100m"}}}]}}""");
        assertThat(burstable.path("status").path("qosClass").asString()).isEqualTo("Burstable");
    }

    @Test
    void invalidPodsAreRejectedWithUpstreamMessages() throws Exception {
        Api.Reply r = api.post(PODS, """
                {"metadata":{"name":"bad","labels":{"bad key!":"v"}},"spec":{"restartPolicy":"Sometimes",
                  "volumes":[{"name":"data","emptyDir":{},"hostPath":{"path":"/tmp"}},{"name":"data","emptyDir":{}}],
                  "containers":[
                  {"name":"web","image":"","ports":[{"containerPort":70000,"name":"http"},
                     {"containerPort":81,"name":"http","protocol":"HTTP"}],
                   "resources":{"requests":{"cpu":"2"},"limits":{"cpu":"1"}},
                   "volumeMounts":[{"name":"missing","mountPath":"/m"}]},
                  {"name":"web","image":"nginx"},
                  {"name":"Bad_Name","image":"nginx"}]}}""");
        assertThat(r.code()).isEqualTo(422);
        assertThat(r.body().path("reason").asString()).isEqualTo("Invalid");
        assertThat(r.message()).startsWith("Pod \"bad\" is invalid: [");
        assertThat(r.causes()).contains(
                "spec.containers[0].image: Required value",
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[1].name: Duplicate value: \"http\"",
                "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.containers[0].resources.requests[cpu]: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
                "spec.containers[0].volumeMounts[0].name: Not found: \"missing\"",
                "spec.containers[1].name: Duplicate value: \"web\"",
                "spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type",
                "spec.volumes[1].name: Duplicate value: \"data\"",
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
        assertThat(r.causes()).anySatisfy(c -> assertThat(c).startsWith(
                "spec.containers[2].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of"));
        assertThat(r.causes()).anySatisfy(c -> assertThat(c).startsWith(
                "metadata.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters"));
        assertThat(api.post(PODS, "{\"metadata\":{\"name\":\"empty\"},\"spec\":{}}").causes())
                .containsExactly("spec.containers: Required value");
    }

    @Test
    void podUpdatesMayOnlyChangeImagesDeadlinesAndAddTolerations() throws Exception {
        api.create(PODS, """
                {"metadata":{"name":"upd"},"spec":{"automountServiceAccountToken":false,
                "containers":[{"name":"a","image":"nginx:1"}]}}""");
        Api.Reply image = api.mergePatch(PODS + "/upd",
                "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"nginx:2\"}]}}");
        assertThat(image.code()).as(image.body().toString()).isEqualTo(200);
        assertThat(image.body().path("spec").path("containers").get(0).path("image").asString()).isEqualTo("nginx:2");
        Api.Reply deadline = api.mergePatch(PODS + "/upd", "{\"spec\":{\"activeDeadlineSeconds\":60}}");
        assertThat(deadline.code()).isEqualTo(200);

        Api.Reply forbidden = api.mergePatch(PODS + "/upd", "{\"spec\":{\"restartPolicy\":\"Never\"}}");
        assertThat(forbidden.code()).isEqualTo(422);
        assertThat(forbidden.causes()).singleElement().asString().startsWith(
                "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                        + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
                        + "(only additions to existing tolerations)");
        Api.Reply removeTolerations = api.mergePatch(PODS + "/upd", "{\"spec\":{\"tolerations\":[]}}");
        assertThat(removeTolerations.code()).isEqualTo(422);
    }

    @Test
    void priorityComesFromThePriorityClass() throws Exception {
        JsonNode critical = api.create(PODS, """
                {"metadata":{"name":"critical"},"spec":{"priorityClassName":"system-node-critical",
                "containers":[{"name":"a","image":"x:1"}]}}""");
        assertThat(critical.path("spec").path("priority").asLong()).isEqualTo(2000001000L);
        api.create("/apis/scheduling.k8s.io/v1/priorityclasses",
                "{\"metadata\":{\"name\":\"batch-low\"},\"value\":-5,\"preemptionPolicy\":\"Never\"}");
        JsonNode low = api.create(PODS, """
                {"metadata":{"name":"low"},"spec":{"priorityClassName":"batch-low",
                "containers":[{"name":"a","image":"x:1"}]}}""");
        assertThat(low.path("spec").path("priority").asInt()).isEqualTo(-5);
        assertThat(low.path("spec").path("preemptionPolicy").asString()).isEqualTo("Never");
        Api.Reply unknown = api.post(PODS, """
                {"metadata":{"name":"unknown"},"spec":{"priorityClassName":"nope",
                "containers":[{"name":"a","image":"x:1"}]}}""");
        assertThat(unknown.code()).isEqualTo(403);
        assertThat(unknown.message()).isEqualTo("pods \"unknown\" is forbidden: no PriorityClass with name nope was found");
    }
}
