package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl (from PATH) against an in-JVM server, with a private kubeconfig and home. */
class KubectlIT {

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private record Result(int exit, String out, String err) {}

    private static Result kubectl(String... args) throws IOException, InterruptedException {
        return kubectl(Map.of(), args);
    }

    private static Result kubectl(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = start(env, out, err, args);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60s");
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Starts kubectl with a private kubeconfig and home, its output going to the given files. */
    private static Process start(Map<String, String> env, Path out, Path err, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("kubectl");
        cmd.addAll(List.of(args));
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("KUBECONFIG", cluster.server.kubeconfig().toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("KUBECACHEDIR", home.resolve("cache").toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String ok(String... args) throws Exception {
        Result r = kubectl(args);
        assertThat(r.exit()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    private static Result fails(String... args) throws Exception {
        Result r = kubectl(args);
        assertThat(r.exit()).as("kubectl %s should fail; printed %s", String.join(" ", args), r.out()).isNotZero();
        return r;
    }

    private static Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void getNamespacesPrintsATable() throws Exception {
        String out = ok("get", "ns");
        assertThat(out.lines().findFirst().orElseThrow()).matches("NAME\\s+STATUS\\s+AGE");
        assertThat(out).containsPattern("default\\s+Active\\s+\\d+s").contains("kube-system").contains("kube-public")
                .contains("kube-node-lease");
    }

    @Test
    void configMapLifecycle() throws Exception {
        assertThat(ok("create", "configmap", "x", "--from-literal=a=b")).contains("configmap/x created");
        String yaml = ok("get", "cm", "x", "-o", "yaml");
        assertThat(yaml).contains("kind: ConfigMap").contains("  a: b").contains("name: x")
                .containsPattern("resourceVersion: \"\\d+\"").contains("uid: ");
        assertThat(ok("get", "cm", "x", "-o", "json")).contains("\"kind\": \"ConfigMap\"").contains("\"a\": \"b\"");
        assertThat(ok("get", "cm", "x", "-o", "jsonpath={.data.a}")).isEqualTo("b");
        assertThat(ok("get", "cm")).containsPattern("NAME\\s+DATA\\s+AGE").containsPattern("x\\s+1\\s+\\d+s");
        assertThat(ok("delete", "cm", "x")).contains("configmap \"x\" deleted");
        Result gone = kubectl("get", "cm", "x");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).contains("configmaps \"x\" not found");
    }

    @Test
    void podsFromAManifest() throws Exception {
        Path manifest = dir.resolve("pod.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  labels:
                    app: web
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.27
                """);
        assertThat(ok("create", "-f", manifest.toString())).contains("pod/web created");
        String pods = ok("get", "pods");
        assertThat(pods).containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE")
                .containsPattern("web\\s+0/1\\s+Pending\\s+0\\s+\\d+s");
        assertThat(ok("get", "pods", "-l", "app=web", "-o", "name")).isEqualTo("pod/web\n");
        assertThat(ok("label", "pod", "web", "tier=frontend")).contains("pod/web labeled");
        assertThat(ok("get", "pod", "web", "-o", "jsonpath={.metadata.labels.tier}")).isEqualTo("frontend");
        assertThat(ok("delete", "-f", manifest.toString())).contains("pod \"web\" deleted");
    }

    @Test
    void apiResourcesListsTheRegistry() throws Exception {
        String out = ok("api-resources");
        assertThat(out).containsPattern("pods\\s+po\\s+v1\\s+true\\s+Pod")
                .containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment")
                .containsPattern("namespaces\\s+ns\\s+v1\\s+false\\s+Namespace")
                .containsPattern("leases\\s+coordination.k8s.io/v1\\s+true\\s+Lease");
    }

    @Test
    void versionShowsTheServer() throws Exception {
        assertThat(ok("version")).contains("Server Version: v1.32.0-jube");
    }

    @Test
    void generatorsSendingProtobufWork() throws Exception {
        assertThat(ok("create", "namespace", "team-b")).contains("namespace/team-b created");
        assertThat(ok("create", "secret", "generic", "s1", "--from-literal=p=q", "-n", "team-b"))
                .contains("secret/s1 created");
        assertThat(ok("get", "secret", "s1", "-n", "team-b", "-o", "jsonpath={.data.p}")).isEqualTo("cQ==");
        assertThat(ok("create", "serviceaccount", "robot", "-n", "team-b")).contains("serviceaccount/robot created");
    }

    private static final String APP_V1 = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                app: web
                stage: beta
            spec:
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.27
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
            data:
              mode: blue
            """;

    @Test
    void clientSideApplyCreatesThenPatchesFromTheLastAppliedConfiguration() throws Exception {
        ok("create", "namespace", "apply");
        Path v1 = file("app-v1.yaml", APP_V1);
        assertThat(ok("apply", "-n", "apply", "-f", v1.toString()))
                .contains("deployment.apps/web created").contains("configmap/web-config created");
        assertThat(ok("get", "deploy", "web", "-n", "apply", "-o",
                "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}"))
                .contains("\"image\":\"nginx:1.27\"");

        Path v2 = file("app-v2.yaml", APP_V1.replace("nginx:1.27", "nginx:1.28").replace("    stage: beta\n", "")
                .replace("mode: blue", "mode: green"));
        assertThat(ok("apply", "-n", "apply", "-f", v2.toString()))
                .contains("deployment.apps/web configured").contains("configmap/web-config configured");
        assertThat(ok("get", "deploy", "web", "-n", "apply", "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.metadata.labels}"))
                .isEqualTo("nginx:1.28 {\"app\":\"web\"}");
        assertThat(ok("get", "deploy", "web", "-n", "apply", "-o", "jsonpath={.metadata.generation}")).isEqualTo("2");
        assertThat(ok("get", "cm", "web-config", "-n", "apply", "-o", "jsonpath={.data.mode}")).isEqualTo("green");
        assertThat(ok("apply", "-n", "apply", "-f", v2.toString()))
                .contains("deployment.apps/web unchanged").contains("configmap/web-config unchanged");
    }

    @Test
    void patchOfEveryType() throws Exception {
        ok("create", "namespace", "patch");
        Path v1 = file("patch-app.yaml", APP_V1);
        ok("create", "-n", "patch", "-f", v1.toString());
        assertThat(ok("patch", "deploy", "web", "-n", "patch", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"busybox\"}]}}}}"))
                .contains("deployment.apps/web patched");
        assertThat(ok("get", "deploy", "web", "-n", "patch", "-o", "jsonpath={.spec.template.spec.containers[*].name}"))
                .as("strategic merge adds a container by name and keeps the other")
                .contains("sidecar").contains("nginx");
        assertThat(ok("patch", "deploy", "web", "-n", "patch", "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}"))
                .contains("deployment.apps/web patched");
        assertThat(ok("get", "deploy", "web", "-n", "patch", "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");
        assertThat(ok("patch", "cm", "web-config", "-n", "patch", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/data/mode\",\"value\":\"red\"}]"))
                .contains("configmap/web-config patched");
        assertThat(ok("get", "cm", "web-config", "-n", "patch", "-o", "jsonpath={.data.mode}")).isEqualTo("red");
        Result failed = fails("patch", "deploy", "web", "-n", "patch", "--type=json", "-p",
                "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":9}]");
        assertThat(failed.err()).contains("json patch operation 0 (test /spec/replicas)");
        Result unknownField = fails("get", "deploy", "-n", "patch", "--field-selector", "spec.replicas=3");
        assertThat(unknownField.err()).contains("field label not supported: spec.replicas");
    }

    @Test
    void labelAndAnnotateWithOverwriteAndRemoval() throws Exception {
        ok("create", "namespace", "labels");
        ok("create", "configmap", "lab", "-n", "labels", "--from-literal=k=v");
        assertThat(ok("label", "cm", "lab", "-n", "labels", "app=a", "tier=x")).contains("configmap/lab labeled");
        assertThat(fails("label", "cm", "lab", "-n", "labels", "app=b").err())
                .contains("'app' already has a value (a), and --overwrite is false");
        assertThat(ok("label", "cm", "lab", "-n", "labels", "app=b", "--overwrite")).contains("configmap/lab labeled");
        assertThat(ok("label", "cm", "lab", "-n", "labels", "tier-")).contains("configmap/lab unlabeled");
        assertThat(ok("get", "cm", "lab", "-n", "labels", "-o", "jsonpath={.metadata.labels}"))
                .isEqualTo("{\"app\":\"b\"}");
        Result badLabel = fails("label", "cm", "lab", "-n", "labels", "bad_key!=x");
        assertThat(badLabel.err()).contains("The ConfigMap \"lab\" is invalid: metadata.labels: Invalid value: "
                + "\"bad_key!\": name part must consist of alphanumeric characters");

        assertThat(ok("annotate", "cm", "lab", "-n", "labels", "note=hi")).contains("configmap/lab annotated");
        assertThat(fails("annotate", "cm", "lab", "-n", "labels", "note=bye").err())
                .contains("--overwrite is false but found the following declared annotation(s): 'note' already has a value (hi)");
        ok("annotate", "cm", "lab", "-n", "labels", "note=bye", "--overwrite");
        assertThat(ok("get", "cm", "lab", "-n", "labels", "-o", "jsonpath={.metadata.annotations.note}")).isEqualTo("bye");
        ok("annotate", "cm", "lab", "-n", "labels", "note-");
        assertThat(ok("get", "cm", "lab", "-n", "labels", "-o", "yaml")).doesNotContain("annotations");
    }

    @Test
    void getWithLabelAndFieldSelectorsAndLabelColumns() throws Exception {
        ok("create", "namespace", "sel");
        for (String[] cm : new String[][] {{"one", "a"}, {"two", "b"}, {"three", "c"}}) {
            ok("create", "configmap", cm[0], "-n", "sel");
            ok("label", "cm", cm[0], "-n", "sel", "app=" + cm[1]);
        }
        ok("label", "cm", "three", "-n", "sel", "x=1");
        assertThat(ok("get", "cm", "-n", "sel", "-l", "app in (a,b)", "-o", "name"))
                .isEqualTo("configmap/one\nconfigmap/two\n");
        assertThat(ok("get", "cm", "-n", "sel", "-l", "!x", "-o", "name"))
                .contains("configmap/one").contains("configmap/two").doesNotContain("configmap/three");
        assertThat(ok("get", "cm", "-n", "sel", "--field-selector", "metadata.name=two", "-o", "name"))
                .isEqualTo("configmap/two\n");
        String columns = ok("get", "cm", "-n", "sel", "-L", "app");
        assertThat(columns.lines().findFirst().orElseThrow()).matches("NAME\\s+DATA\\s+AGE\\s+APP");
        assertThat(columns).containsPattern("three\\s+0\\s+\\d+s\\s+c");
        assertThat(ok("get", "cm", "three", "-n", "sel", "--show-labels")).containsPattern("LABELS")
                .containsPattern("three\\s+0\\s+\\d+s\\s+app=c,x=1");
        assertThat(fails("get", "cm", "-n", "sel", "-l", "app in (a").err()).contains("unable to parse requirement");
    }

    @Test
    void editThroughAnEditorScript() throws Exception {
        ok("create", "namespace", "edit");
        ok("create", "configmap", "ed", "-n", "edit", "--from-literal=color=blue");
        Result r = kubectl(Map.of("EDITOR", "sed -i s/color:\\ blue/color:\\ green/"),
                "edit", "cm", "ed", "-n", "edit");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("configmap/ed edited");
        assertThat(ok("get", "cm", "ed", "-n", "edit", "-o", "jsonpath={.data.color}")).isEqualTo("green");
    }

    @Test
    void deleteBySelector() throws Exception {
        ok("create", "namespace", "del");
        for (String[] cm : new String[][] {{"d1", "x"}, {"d2", "x"}, {"d3", "y"}}) {
            ok("create", "configmap", cm[0], "-n", "del");
            ok("label", "cm", cm[0], "-n", "del", "app=" + cm[1]);
        }
        assertThat(ok("delete", "cm", "-n", "del", "-l", "app=x"))
                .contains("configmap \"d1\" deleted").contains("configmap \"d2\" deleted").doesNotContain("d3");
        assertThat(ok("get", "cm", "-n", "del", "-o", "name")).isEqualTo("configmap/d3\n");
    }

    @Test
    void getWatchPrintsObjectsAsTheyAreCreated() throws Exception {
        ok("create", "namespace", "watch");
        ok("create", "configmap", "before", "-n", "watch");
        Path out = dir.resolve("watch-out.txt");
        Path err = dir.resolve("watch-err.txt");
        Process watch = start(Map.of(), out, err, "get", "cm", "-n", "watch", "-w");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("before"));
            ok("create", "configmap", "after", "-n", "watch", "--from-literal=a=b");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Files.readString(out)).containsPattern("after\\s+1\\s+\\d+s"));
            assertThat(watch.isAlive()).as("kubectl get -w keeps watching").isTrue();
        } finally {
            watch.destroy();
            if (!watch.waitFor(10, TimeUnit.SECONDS)) {
                watch.destroyForcibly();
            }
        }
        assertThat(Files.readString(out).lines().findFirst().orElseThrow()).matches("NAME\\s+DATA\\s+AGE");
    }

    @Test
    void wideOutputShowsUpstreamsPodAndDeploymentColumns() throws Exception {
        ok("create", "namespace", "wide");
        Path pod = file("wide-pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: placed
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox
                """);
        ok("create", "-n", "wide", "-f", pod.toString());
        String pods = ok("get", "pods", "-n", "wide", "-o", "wide");
        assertThat(pods.lines().findFirst().orElseThrow())
                .matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\\s+NOMINATED NODE\\s+READINESS GATES");
        assertThat(pods).containsPattern("placed\\s+0/1\\s+Pending\\s+0\\s+\\d+s\\s+<none>\\s+node-1\\s+<none>\\s+<none>");
        assertThat(ok("get", "pods", "-n", "wide").lines().findFirst().orElseThrow())
                .matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE");

        Path deploy = file("wide-deploy.yaml", APP_V1);
        ok("create", "-n", "wide", "-f", deploy.toString());
        String deployments = ok("get", "deploy", "-n", "wide", "-o", "wide");
        assertThat(deployments.lines().findFirst().orElseThrow())
                .matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR");
        assertThat(deployments).containsPattern("web\\s+0/1\\s+0\\s+0\\s+\\d+s\\s+nginx\\s+nginx:1.27\\s+app=web");
    }

    @Test
    void explainReadsTheOpenApiDocuments() throws Exception {
        String out = ok("explain", "deployment.spec.replicas");
        assertThat(out).contains("GROUP:      apps").contains("KIND:       Deployment").contains("VERSION:    v1")
                .contains("FIELD: replicas <integer>");
        assertThat(ok("explain", "pods.spec.containers")).contains("FIELD: containers <[]Container>")
                .containsPattern("image\\s+<string>");
        assertThat(fails("explain", "pods.spec.nope").err()).contains("field \"nope\" does not exist");
    }

    @Test
    void unknownFieldsAreRejectedUnderStrictValidationAndDroppedWithAWarningOtherwise() throws Exception {
        ok("create", "namespace", "strict");
        Path bad = file("bad-pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: bad
                spec:
                  containers:
                  - name: web
                    image: busybox
                    imagez: busybox
                """);
        Result strict = fails("create", "-n", "strict", "-f", bad.toString());
        assertThat(strict.err()).contains("Error from server (BadRequest): error when creating \"" + bad
                + "\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: "
                + "unknown field \"spec.containers[0].imagez\"");
        assertThat(fails("get", "pod", "bad", "-n", "strict").err()).contains("pods \"bad\" not found");

        Result warn = kubectl("create", "-n", "strict", "-f", bad.toString(), "--validate=warn");
        assertThat(warn.exit()).as(warn.err()).isZero();
        assertThat(warn.err()).contains("Warning: unknown field \"spec.containers[0].imagez\"");
        assertThat(ok("get", "pod", "bad", "-n", "strict", "-o", "json")).contains("\"image\": \"busybox\"")
                .doesNotContain("imagez");

        Result patched = kubectl("patch", "pod", "bad", "-n", "strict", "-p", "{\"spec\":{\"nope\":1}}");
        assertThat(patched.exit()).as(patched.err()).isZero();
        assertThat(patched.err()).contains("Warning: unknown field \"spec.nope\"");
        assertThat(patched.out()).contains("pod/bad patched (no change)");
    }

    @Test
    void serverSideApplyTwiceThenAConflictThenForce() throws Exception {
        ok("create", "namespace", "ssa");
        Path v1 = file("ssa-v1.yaml", APP_V1);
        assertThat(ok("apply", "--server-side", "-n", "ssa", "-f", v1.toString()))
                .contains("deployment.apps/web serverside-applied").contains("configmap/web-config serverside-applied");
        Path v2 = file("ssa-v2.yaml", APP_V1.replace("nginx:1.27", "nginx:1.28").replace("    stage: beta\n", ""));
        assertThat(ok("apply", "--server-side", "-n", "ssa", "-f", v2.toString()))
                .contains("deployment.apps/web serverside-applied");
        assertThat(ok("get", "deploy", "web", "-n", "ssa", "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.metadata.labels}"))
                .as("the image changed and the label kubectl no longer applies is gone")
                .isEqualTo("nginx:1.28 {\"app\":\"web\"}");
        assertThat(ok("get", "deploy", "web", "-n", "ssa", "--show-managed-fields", "-o",
                "jsonpath={.metadata.managedFields[*].manager}={.metadata.managedFields[*].operation}"))
                .isEqualTo("kubectl=Apply");

        Path other = file("ssa-other.yaml", APP_V1.replace("nginx:1.27", "nginx:1.29"));
        Result conflict = fails("apply", "--server-side", "--field-manager=other", "-n", "ssa", "-f", other.toString());
        assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with \"kubectl\": "
                + ".spec.template.spec.containers[name=\"nginx\"].image").contains("--force-conflicts");
        assertThat(ok("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-n", "ssa",
                "-f", other.toString())).contains("deployment.apps/web serverside-applied");
        assertThat(ok("get", "deploy", "web", "-n", "ssa", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("nginx:1.29");
        assertThat(ok("get", "deploy", "web", "-n", "ssa", "--show-managed-fields", "-o",
                "jsonpath={.metadata.managedFields[*].manager}")).isEqualTo("kubectl other");
        ok("label", "deploy", "web", "-n", "ssa", "extra=1");
        assertThat(ok("get", "deploy", "web", "-n", "ssa", "--show-managed-fields", "-o",
                "jsonpath={.metadata.managedFields[*].manager}")).isEqualTo("kubectl other kubectl-label");
    }

    @Test
    void workloadGeneratorsScaleAndExpose() throws Exception {
        ok("create", "namespace", "gen");
        assertThat(ok("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80", "-n", "gen"))
                .contains("deployment.apps/web created");
        assertThat(ok("get", "deployment", "web", "-n", "gen", "-o",
                "jsonpath={.spec.replicas} {.spec.strategy.type} {.spec.template.spec.containers[0].ports[0].protocol}"))
                .isEqualTo("2 RollingUpdate TCP");
        assertThat(ok("scale", "deployment", "web", "--replicas=3", "-n", "gen")).contains("deployment.apps/web scaled");
        assertThat(ok("get", "deployment", "web", "-n", "gen", "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");
        assertThat(ok("expose", "deployment", "web", "--port=8080", "--target-port=80", "-n", "gen"))
                .contains("service/web exposed");
        String svc = ok("get", "service", "web", "-n", "gen", "-o",
                "jsonpath={.spec.clusterIP} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector.app}");
        assertThat(svc).matches("10\\.(9[6-9]|10[0-9]|11[01])\\.\\d+\\.\\d+ 8080 80 web");
        assertThat(ok("create", "service", "nodeport", "np", "--tcp=80:8080", "-n", "gen")).contains("service/np created");
        assertThat(ok("get", "service", "np", "-n", "gen", "-o", "jsonpath={.spec.ports[0].nodePort}"))
                .matches("3[0-2]\\d{3}");
        assertThat(ok("get", "services", "-n", "gen")).containsPattern("np\\s+NodePort\\s+10\\.\\S+\\s+<none>\\s+80:3\\d+/TCP");
        assertThat(ok("run", "nginx", "--image=nginx", "-n", "gen")).contains("pod/nginx created");
        assertThat(ok("get", "pod", "nginx", "-n", "gen", "-o",
                "jsonpath={.spec.restartPolicy} {.spec.containers[0].imagePullPolicy} {.status.qosClass}"))
                .isEqualTo("Always Always BestEffort");
        assertThat(ok("create", "job", "once", "--image=busybox", "-n", "gen", "--", "echo", "hi"))
                .contains("job.batch/once created");
        assertThat(ok("get", "job", "once", "-n", "gen", "-o",
                "jsonpath={.spec.backoffLimit} {.spec.template.spec.restartPolicy}")).isEqualTo("6 Never");
        assertThat(ok("create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *", "-n", "gen"))
                .contains("cronjob.batch/tick created");
        assertThat(ok("get", "cronjobs", "-n", "gen")).containsPattern("tick\\s+\\*/5 \\* \\* \\* \\*");
        assertThat(ok("autoscale", "deployment", "web", "--max=5", "--cpu-percent=70", "-n", "gen"))
                .contains("horizontalpodautoscaler.autoscaling/web autoscaled");
        assertThat(ok("get", "hpa", "web", "-n", "gen")).containsPattern("web\\s+Deployment/web\\s+cpu: <unknown>/70%\\s+1\\s+5");
        Result bad = kubectl("create", "deployment", "Bad", "--image=nginx", "-n", "gen");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("\"Bad\" is invalid").contains("metadata.name: Invalid value: \"Bad\"");
    }

    @Test
    void clusterObjectGenerators() throws Exception {
        assertThat(ok("create", "role", "reader", "--verb=get,list", "--resource=pods")).contains("role.rbac.authorization.k8s.io/reader created");
        assertThat(ok("create", "rolebinding", "read", "--role=reader", "--user=ann")).contains("rolebinding.rbac.authorization.k8s.io/read created");
        assertThat(ok("create", "clusterrole", "viewer", "--verb=get", "--resource=nodes")).contains("clusterrole.rbac.authorization.k8s.io/viewer created");
        assertThat(ok("create", "clusterrolebinding", "view", "--clusterrole=viewer", "--group=ops")).contains("clusterrolebinding.rbac.authorization.k8s.io/view created");
        assertThat(ok("get", "rolebinding", "read", "-o", "jsonpath={.roleRef.name} {.subjects[0].name}")).isEqualTo("reader ann");
        assertThat(ok("create", "quota", "small", "--hard=pods=2,requests.cpu=1")).contains("resourcequota/small created");
        assertThat(ok("get", "quota", "small", "-o", "jsonpath={.spec.hard.pods}")).isEqualTo("2");
        assertThat(ok("create", "priorityclass", "high", "--value=1000", "--description=important")).contains("priorityclass.scheduling.k8s.io/high created");
        assertThat(ok("get", "priorityclass")).containsPattern("high\\s+1000\\s+false")
                .contains("system-node-critical").contains("system-cluster-critical");
        assertThat(ok("create", "poddisruptionbudget", "web", "--selector=app=web", "--min-available=50%")).contains("poddisruptionbudget.policy/web created");
        assertThat(ok("create", "ingress", "site", "--rule=foo.com/api*=api:8080")).contains("ingress.networking.k8s.io/site created");
        assertThat(ok("get", "ingress", "site", "-o", "jsonpath={.spec.rules[0].host} {.spec.rules[0].http.paths[0].backend.service.port.number}"))
                .isEqualTo("foo.com 8080");
        assertThat(ok("get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].name}")).isEqualTo("10.96.0.1 https");
    }

    @Test
    void secretGenerators() throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        var pki = cluster.server.pki();
        Files.writeString(cert, dev.jube.apiserver.pki.Pem.certificate(pki.server().certificate()));
        Files.writeString(key, dev.jube.apiserver.pki.Pem.privateKey(pki.server().key()));
        assertThat(ok("create", "secret", "tls", "site-tls", "--cert=" + cert, "--key=" + key)).contains("secret/site-tls created");
        assertThat(ok("get", "secret", "site-tls", "-o", "jsonpath={.type}")).isEqualTo("kubernetes.io/tls");
        assertThat(ok("create", "secret", "docker-registry", "pull", "--docker-server=registry.local",
                "--docker-username=u", "--docker-password=p")).contains("secret/pull created");
        assertThat(ok("get", "secrets")).containsPattern("pull\\s+kubernetes.io/dockerconfigjson\\s+1")
                .containsPattern("site-tls\\s+kubernetes.io/tls\\s+2");
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "mode=fast\n");
        assertThat(ok("create", "secret", "generic", "props", "--from-file=" + file)).contains("secret/props created");
        assertThat(ok("get", "secret", "props", "-o", "jsonpath={.data.app\\.properties}"))
                .isEqualTo(java.util.Base64.getEncoder().encodeToString("mode=fast\n".getBytes(StandardCharsets.UTF_8)));
        Result badType = kubectl("create", "secret", "generic", "bad", "--type=kubernetes.io/tls", "--from-literal=a=b");
        assertThat(badType.exit()).isNotZero();
        assertThat(badType.err()).contains("data[tls.crt]: Required value");
    }
}
