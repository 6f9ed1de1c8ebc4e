package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class PodEvictionTest {

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Api api;
    static final AtomicInteger NAMESPACES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
        api = Api.of(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String namespace() throws Exception {
        String ns = "evict-" + NAMESPACES.incrementAndGet();
        api.create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");
        return ns;
    }

    private static String pods(String ns) {
        return "/api/v1/namespaces/" + ns + "/pods";
    }

    /** A pod bound to node-a, Running and Ready, as a node agent would report it. */
    private static void runningPod(String ns, String name) throws Exception {
        api.create(pods(ns), "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
        assertThat(api.post(pods(ns) + "/" + name + "/binding",
                "{\"metadata\":{\"name\":\"" + name + "\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-a\"}}").code())
                .isEqualTo(201);
        assertThat(api.mergePatch(pods(ns) + "/" + name + "/status", "{\"status\":{\"phase\":\"Running\","
                + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}").code()).isEqualTo(200);
    }

    private static void budget(String ns, String name, int allowed) throws Exception {
        String path = "/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets";
        api.create(path, "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"minAvailable\":1,"
                + "\"selector\":{\"matchLabels\":{\"app\":\"web\"}}}}");
        assertThat(api.mergePatch(path + "/" + name + "/status", "{\"status\":{\"observedGeneration\":1,"
                + "\"disruptionsAllowed\":" + allowed + ",\"currentHealthy\":2,\"desiredHealthy\":1,"
                + "\"expectedPods\":2}}").code()).isEqualTo(200);
    }

    private static Api.Reply evict(String ns, String name, String deleteOptions) throws Exception {
        return api.post(pods(ns) + "/" + name + "/eviction", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"" + name + "\"}" + (deleteOptions == null ? "" : ",\"deleteOptions\":"
                + deleteOptions) + "}");
    }

    private static JsonNode condition(JsonNode obj, String type) {
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (type.equals(c.path("type").asString())) {
                return c;
            }
        }
        return null;
    }

    @Test
    void withoutABudgetThePodIsDeletedGracefullyAndMarkedAsADisruptionTarget() throws Exception {
        String ns = namespace();
        runningPod(ns, "p");
        Api.Reply r = evict(ns, "p", null);
        assertThat(r.code()).isEqualTo(201);
        assertThat(r.body().path("status").asString()).isEqualTo("Success");
        JsonNode pod = api.get(pods(ns) + "/p").body();
        assertThat(pod.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        JsonNode target = condition(pod, "DisruptionTarget");
        assertThat(target).isNotNull();
        assertThat(target.path("status").asString()).isEqualTo("True");
        assertThat(target.path("reason").asString()).isEqualTo("EvictionByEvictionAPI");
        assertThat(target.path("message").asString()).isEqualTo("Eviction API: evicting");
    }

    @Test
    void deleteOptionsOfTheEvictionApply() throws Exception {
        String ns = namespace();
        runningPod(ns, "p");
        assertThat(evict(ns, "p", "{\"gracePeriodSeconds\":0}").code()).isEqualTo(201);
        assertThat(api.get(pods(ns) + "/p").code()).isEqualTo(404);
    }

    @Test
    void aBudgetWithNoDisruptionLeftRefusesWith429() throws Exception {
        String ns = namespace();
        runningPod(ns, "p");
        budget(ns, "web", 0);
        Api.Reply r = evict(ns, "p", null);
        assertThat(r.code()).isEqualTo(429);
        assertThat(r.body().path("reason").asString()).isEqualTo("TooManyRequests");
        assertThat(r.message()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        JsonNode cause = r.body().path("details").path("causes").get(0);
        assertThat(cause.path("reason").asString()).isEqualTo("DisruptionBudget");
        assertThat(cause.path("message").asString())
                .isEqualTo("The disruption budget web needs 1 healthy pods and has 2 currently");
        JsonNode pod = api.get(pods(ns) + "/p").body();
        assertThat(pod.path("metadata").has("deletionTimestamp")).isFalse();
        assertThat(condition(pod, "DisruptionTarget")).isNull();
    }

    @Test
    void anAllowedEvictionTakesADisruptionFromTheBudgetAndRecordsThePod() throws Exception {
        String ns = namespace();
        runningPod(ns, "p");
        runningPod(ns, "q");
        budget(ns, "web", 1);
        assertThat(evict(ns, "p", "{\"gracePeriodSeconds\":0}").code()).isEqualTo(201);
        assertThat(api.get(pods(ns) + "/p").code()).isEqualTo(404);
        JsonNode pdb = api.get("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/web").body();
        assertThat(pdb.path("status").path("disruptionsAllowed").asLong()).isZero();
        assertThat(pdb.path("status").path("disruptedPods").has("p")).isTrue();
        JsonNode allowed = condition(pdb, "DisruptionAllowed");
        assertThat(allowed.path("status").asString()).isEqualTo("False");
        assertThat(allowed.path("reason").asString()).isEqualTo("InsufficientPods");
        Api.Reply second = evict(ns, "q", null);
        assertThat(second.code()).isEqualTo(429);
        assertThat(api.get(pods(ns) + "/q").body().path("metadata").has("deletionTimestamp")).isFalse();
    }

    @Test
    void anUnreadyPodGoesWithoutTakingADisruptionWhileTheBudgetIsHealthy() throws Exception {
        String ns = namespace();
        runningPod(ns, "p");
        assertThat(api.mergePatch(pods(ns) + "/p/status", "{\"status\":{\"conditions\":[{\"type\":\"Ready\","
                + "\"status\":\"False\"}]}}").code()).isEqualTo(200);
        budget(ns, "web", 0);
        assertThat(evict(ns, "p", "{\"gracePeriodSeconds\":0}").code()).isEqualTo(201);
        assertThat(api.get(pods(ns) + "/p").code()).isEqualTo(404);
        JsonNode pdb = api.get("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/web").body();
        assertThat(pdb.path("status").has("disruptedPods")).isFalse();
    }

    @Test
    void aDryRunEvictionChangesNothing() throws Exception {
        String ns = namespace();
        runningPod(ns, "p");
        budget(ns, "web", 1);
        Api.Reply r = api.post(pods(ns) + "/p/eviction?dryRun=All", "{\"metadata\":{\"name\":\"p\"}}");
        assertThat(r.code()).isEqualTo(201);
        JsonNode pod = api.get(pods(ns) + "/p").body();
        assertThat(pod.path("metadata").has("deletionTimestamp")).isFalse();
        assertThat(condition(pod, "DisruptionTarget")).isNull();
        JsonNode pdb = api.get("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/web").body();
        assertThat(pdb.path("status").path("disruptionsAllowed").asLong()).isEqualTo(1);
        assertThat(pdb.path("status").has("disruptedPods")).isFalse();
    }

    @Test
    void aBudgetNotYetObservedByItsControllerRefuses() throws Exception {
        String ns = namespace();
        runningPod(ns, "p");
        api.create("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets", "{\"metadata\":{\"name\":\"web\"},"
                + "\"spec\":{\"maxUnavailable\":1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}}}}");
        Api.Reply r = evict(ns, "p", null);
        assertThat(r.code()).isEqualTo(429);
        assertThat(r.body().path("details").path("causes").get(0).path("message").asString())
                .isEqualTo("The disruption budget web is still being processed by the server.");
    }

    @Test
    void twoBudgetsSelectingThePodAreAnInternalError() throws Exception {
        String ns = namespace();
        runningPod(ns, "p");
        budget(ns, "one", 1);
        budget(ns, "two", 1);
        Api.Reply r = evict(ns, "p", null);
        assertThat(r.code()).isEqualTo(500);
        assertThat(r.message()).contains("This pod has more than one PodDisruptionBudget, which the eviction "
                + "subresource does not support.");
        assertThat(api.get(pods(ns) + "/p").body().path("metadata").has("deletionTimestamp")).isFalse();
    }

    @Test
    void pendingAndTerminalPodsAreEvictedWithoutConsultingTheBudget() throws Exception {
        String ns = namespace();
        budget(ns, "web", 0);
        api.create(pods(ns), "{\"metadata\":{\"name\":\"pending\",\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
        assertThat(evict(ns, "pending", null).code()).isEqualTo(201);
        assertThat(api.get(pods(ns) + "/pending").code()).isEqualTo(404);
        runningPod(ns, "done");
        assertThat(api.mergePatch(pods(ns) + "/done/status", "{\"status\":{\"phase\":\"Succeeded\"}}").code())
                .isEqualTo(200);
        assertThat(evict(ns, "done", "{\"gracePeriodSeconds\":0}").code()).isEqualTo(201);
        assertThat(api.get(pods(ns) + "/done").code()).isEqualTo(404);
        JsonNode pdb = api.get("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/web").body();
        assertThat(pdb.path("status").path("disruptedPods").isMissingNode()).isTrue();
    }

    @Test
    void theOlderPolicyVersionIsAcceptedAsKubectlDrainMaySendIt() throws Exception {
        String ns = namespace();
        runningPod(ns, "p");
        Api.Reply r = api.post(pods(ns) + "/p/eviction", "{\"apiVersion\":\"policy/v1beta1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"p\",\"namespace\":\"" + ns + "\"},\"deleteOptions\":{\"gracePeriodSeconds\":0}}");
        assertThat(r.code()).isEqualTo(201);
        assertThat(api.get(pods(ns) + "/p").code()).isEqualTo(404);
    }

    @Test
    void badRequestsGetStatusErrors() throws Exception {
        String ns = namespace();
        Api.Reply missing = evict(ns, "nobody", null);
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.message()).isEqualTo("pods \"nobody\" not found");
        runningPod(ns, "p");
        Api.Reply mismatch = api.post(pods(ns) + "/p/eviction", "{\"metadata\":{\"name\":\"other\"}}");
        assertThat(mismatch.code()).isEqualTo(400);
        assertThat(mismatch.message()).isEqualTo("name in URL does not match name in Eviction object");
        Api.Reply wrongKind = api.post(pods(ns) + "/p/eviction", "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}");
        assertThat(wrongKind.code()).isEqualTo(400);
        assertThat(api.get(pods(ns) + "/p/eviction").code()).isEqualTo(405);
    }

    @Test
    void discoveryListsTheEvictionSubresourceInThePolicyGroupAsKubectlDrainLooksForIt() throws Exception {
        JsonNode resources = api.get("/api/v1").body().path("resources");
        JsonNode eviction = null;
        for (JsonNode r : resources) {
            if ("pods/eviction".equals(r.path("name").asString())) {
                eviction = r;
            }
        }
        assertThat(eviction).isNotNull();
        assertThat(eviction.path("group").asString()).isEqualTo("policy");
        assertThat(eviction.path("version").asString()).isEqualTo("v1");
        assertThat(eviction.path("kind").asString()).isEqualTo("Eviction");
        assertThat(eviction.path("verbs").toString()).isEqualTo("[\"create\"]");
    }
}
