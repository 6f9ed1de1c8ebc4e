package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real kubectl against an in-JVM server without controllers: waiting for deletion, contexts,
 * graceful and forced deletes, cascade modes, service account tokens and draining a node.
 */
class KubectlLifecycleIT {

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir.resolve("data"));
        kubectl = new Kubectl(dir, cluster.server.kubeconfig());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static String ok(String... args) throws Exception {
        return kubectl.ok(args);
    }

    @Test
    void waitForDeleteReturnsOnceTheObjectIsGone() throws Exception {
        ok("create", "configmap", "held", "--from-literal=a=b");
        ok("patch", "configmap", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}");
        assertThat(ok("delete", "configmap", "held", "--wait=false")).contains("configmap \"held\" deleted");
        Kubectl.Running waiting = kubectl.start("wait", "--for=delete", "configmap/held", "--timeout=50s", "-v=6");
        // Remove the finalizer only once kubectl has listed the object, so it has to wait for the deletion.
        await().atMost(Duration.ofSeconds(50)).until(() -> Files.readString(waiting.err(), StandardCharsets.UTF_8)
                .lines().anyMatch(l -> l.contains("fieldSelector=metadata.name%3Dheld") && l.contains("200 OK")));
        ok("patch", "configmap", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}");
        Kubectl.Result r = waiting.await();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("configmap/held condition met");

        ok("create", "configmap", "kept", "--from-literal=a=b");
        Kubectl.Result timeout = kubectl.fails("wait", "--for=delete", "configmap/kept", "--timeout=1s");
        assertThat(timeout.err()).contains("timed out waiting for the condition on configmaps/kept");
    }

    @Test
    void setContextNamespaceMakesItTheDefaultForLaterCommands() throws Exception {
        Path config = dir.resolve("context-kubeconfig");
        Files.copy(cluster.server.kubeconfig(), config);
        Path home = dir.resolve("context");
        Files.createDirectories(home);
        Kubectl own = new Kubectl(home, config);
        assertThat(own.ok("create", "namespace", "team-a")).contains("namespace/team-a created");
        assertThat(own.ok("config", "set-context", "--current", "--namespace=team-a")).containsPattern(
                "Context \".+\" modified.");
        assertThat(own.ok("config", "view", "--minify", "-o", "jsonpath={..namespace}")).isEqualTo("team-a");
        assertThat(own.ok("create", "configmap", "settings", "--from-literal=x=y"))
                .contains("configmap/settings created");
        assertThat(own.ok("get", "configmaps")).containsPattern("settings\\s+1\\s+\\d+s");
        assertThat(own.ok("get", "configmap", "settings", "-o", "jsonpath={.metadata.namespace}")).isEqualTo("team-a");
        assertThat(kubectl.fails("get", "configmap", "settings").err())
                .contains("configmaps \"settings\" not found");
    }

    @Test
    void forcedAndGracefulDeletesOfPodsOnANode() throws Exception {
        ok("create", "-f", file("node-pods.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: forced
                spec:
                  nodeName: node-x
                  containers:
                  - name: c
                    image: nginx
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: graceful
                spec:
                  nodeName: node-x
                  containers:
                  - name: c
                    image: nginx
                """).toString());
        Kubectl.Result forced = kubectl.run("delete", "pod", "forced", "--grace-period=0", "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("pod \"forced\" force deleted");
        assertThat(forced.err()).contains("Immediate deletion does not wait for confirmation that the running "
                + "resource has been terminated");
        assertThat(kubectl.fails("get", "pod", "forced").err()).contains("pods \"forced\" not found");

        assertThat(ok("delete", "pod", "graceful", "--grace-period=5", "--wait=false"))
                .contains("pod \"graceful\" deleted");
        assertThat(ok("get", "pod", "graceful", "-o", "jsonpath={.metadata.deletionGracePeriodSeconds}"))
                .isEqualTo("5");
        assertThat(ok("get", "pod", "graceful")).containsPattern("graceful\\s+0/1\\s+Terminating");
        assertThat(ok("delete", "pod", "graceful", "--grace-period=0", "--force")).contains("force deleted");
        assertThat(kubectl.fails("get", "pod", "graceful").err()).contains("not found");
    }

    /** A Deployment, a ReplicaSet it owns and a Pod the ReplicaSet owns, made by hand (no controllers run here). */
    private static void ownedChain(String name) throws Exception {
        ok("create", "deployment", name, "--image=nginx");
        String uid = ok("get", "deployment", name, "-o", "jsonpath={.metadata.uid}");
        ok("create", "-f", file(name + "-rs.yaml", """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %1$s-rs
                  labels:
                    app: %1$s
                  ownerReferences:
                  - apiVersion: apps/v1
                    kind: Deployment
                    name: %1$s
                    uid: %2$s
                    controller: true
                    blockOwnerDeletion: true
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app: %1$s
                  template:
                    metadata:
                      labels:
                        app: %1$s
                    spec:
                      containers:
                      - name: nginx
                        image: nginx
                """.formatted(name, uid)).toString());
    }

    @Test
    void cascadeModesAreRecordedForTheGarbageCollector() throws Exception {
        ownedChain("orphaner");
        assertThat(ok("delete", "deployment", "orphaner", "--cascade=orphan", "--wait=false"))
                .contains("deployment.apps \"orphaner\" deleted");
        assertThat(ok("get", "deployment", "orphaner", "-o", "jsonpath={.metadata.finalizers}"))
                .isEqualTo("[\"orphan\"]");
        assertThat(ok("get", "deployment", "orphaner", "-o", "jsonpath={.metadata.deletionTimestamp}")).isNotEmpty();

        ownedChain("front");
        assertThat(ok("delete", "deployment", "front", "--cascade=foreground", "--wait=false"))
                .contains("deployment.apps \"front\" deleted");
        assertThat(ok("get", "deployment", "front", "-o", "jsonpath={.metadata.finalizers}"))
                .isEqualTo("[\"foregroundDeletion\"]");

        ownedChain("back");
        assertThat(ok("delete", "deployment", "back", "--cascade=background")).contains("deployment.apps \"back\" deleted");
        assertThat(kubectl.fails("get", "deployment", "back").err()).contains("deployments.apps \"back\" not found");
        // Removing dependents is the garbage collector's work; the API server leaves them as they are.
        assertThat(ok("get", "replicaset", "back-rs", "-o", "jsonpath={.metadata.ownerReferences[0].name}"))
                .isEqualTo("back");

        assertThat(ok("delete", "replicaset", "orphaner-rs", "--cascade=orphan", "--wait=false"))
                .contains("replicaset.apps \"orphaner-rs\" deleted");
        assertThat(ok("get", "replicaset", "orphaner-rs", "-o", "jsonpath={.metadata.finalizers}"))
                .isEqualTo("[\"orphan\"]");
    }

    @Test
    void createTokenIssuesATokenTheServerAccepts() throws Exception {
        assertThat(ok("create", "serviceaccount", "robot")).contains("serviceaccount/robot created");
        String token = ok("create", "token", "robot", "--duration=15m").strip();
        JsonNode claims = Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("sub").asString()).isEqualTo("system:serviceaccount:default:robot");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(900);
        assertThat(kubectl.fails("create", "token", "robot", "--duration=5m").err())
                .contains("may not specify a duration less than 10 minutes");

        Path home = dir.resolve("robot");
        Files.createDirectories(home);
        Kubectl robot = new Kubectl(home, home.resolve("kubeconfig"));
        Path ca = cluster.server.kubeconfig().getParent().resolve("pki").resolve("ca.crt");
        robot.ok("config", "set-cluster", "jube", "--server=" + cluster.server.url(),
                "--certificate-authority=" + ca, "--embed-certs=true");
        robot.ok("config", "set-credentials", "robot", "--token=" + token);
        robot.ok("config", "set-context", "robot", "--cluster=jube", "--user=robot", "--namespace=default");
        robot.ok("config", "use-context", "robot");
        assertThat(robot.ok("get", "serviceaccount", "robot", "-o", "name")).isEqualTo("serviceaccount/robot\n");
        assertThat(Files.readString(home.resolve("kubeconfig"), StandardCharsets.UTF_8)).doesNotContain("client-key");

        ok("delete", "serviceaccount", "robot");
        assertThat(robot.fails("get", "configmaps").err()).contains("Unauthorized");
    }

    @Test
    void drainEvictsThroughTheDisruptionBudget() throws Exception {
        ok("create", "-f", file("drain-node.yaml", """
                apiVersion: v1
                kind: Node
                metadata:
                  name: drain-node
                """).toString());
        ok("create", "namespace", "drained");
        for (String pod : new String[] {"web-1", "web-2"}) {
            ok("create", "-n", "drained", "-f", file(pod + ".yaml", """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: %s
                      labels:
                        app: web
                    spec:
                      nodeName: drain-node
                      containers:
                      - name: nginx
                        image: nginx
                    """.formatted(pod)).toString());
            ok("patch", "pod", pod, "-n", "drained", "--subresource=status", "--type=merge", "-p",
                    "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
        }
        assertThat(ok("create", "pdb", "web", "-n", "drained", "--selector=app=web", "--min-available=1"))
                .contains("poddisruptionbudget.policy/web created");
        String budget = "{\"status\":{\"observedGeneration\":1,\"disruptionsAllowed\":%d,\"currentHealthy\":2,"
                + "\"desiredHealthy\":1,\"expectedPods\":2}}";
        ok("patch", "pdb", "web", "-n", "drained", "--subresource=status", "--type=merge", "-p", budget.formatted(0));

        Kubectl.Result blocked = kubectl.fails("drain", "drain-node", "--force", "--grace-period=0", "--timeout=3s");
        assertThat(blocked.out()).contains("node/drain-node cordoned");
        assertThat(blocked.err()).contains("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(ok("get", "pods", "-n", "drained", "-o", "name")).isEqualTo("pod/web-1\npod/web-2\n");

        ok("patch", "pdb", "web", "-n", "drained", "--subresource=status", "--type=merge", "-p", budget.formatted(2));
        Kubectl.Result drained = kubectl.run("drain", "drain-node", "--force", "--grace-period=0", "--timeout=30s");
        assertThat(drained.exit()).as(drained.err()).isZero();
        assertThat(drained.out()).contains("evicting pod drained/web-1", "evicting pod drained/web-2",
                "pod/web-1 evicted", "pod/web-2 evicted", "node/drain-node drained");
        assertThat(drained.err()).contains("deleting Pods that declare no controller: drained/web-1, drained/web-2");
        assertThat(ok("get", "node", "drain-node", "-o", "jsonpath={.spec.unschedulable}")).isEqualTo("true");
        assertThat(kubectl.run("get", "pods", "-n", "drained").err()).contains("No resources found in drained namespace.");
        assertThat(ok("get", "pdb", "web", "-n", "drained", "-o", "jsonpath={.status.disruptionsAllowed}"))
                .isEqualTo("0");
        assertThat(ok("get", "pdb", "web", "-n", "drained", "-o", "jsonpath={.status.disruptedPods}"))
                .contains("web-1", "web-2");
    }
}
