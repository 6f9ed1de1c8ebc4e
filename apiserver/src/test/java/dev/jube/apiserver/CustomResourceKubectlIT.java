package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl with a CustomResourceDefinition: apply, wait, get with printer columns, scale, delete. */
class CustomResourceKubectlIT {

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: crontabs.stable.example.com
            spec:
              group: stable.example.com
              scope: Namespaced
              names:
                plural: crontabs
                singular: crontab
                kind: CronTab
                shortNames: [ct]
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                additionalPrinterColumns:
                - name: Spec
                  type: string
                  jsonPath: .spec.cronSpec
                - name: Replicas
                  type: integer
                  jsonPath: .spec.replicas
                - name: Age
                  type: date
                  jsonPath: .metadata.creationTimestamp
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          cronSpec: {type: string}
                          image: {type: string}
                          replicas: {type: integer, minimum: 0, default: 1}
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
            """;

    private static final String CR = """
            apiVersion: stable.example.com/v1
            kind: CronTab
            metadata:
              name: my-new-cron-object
            spec:
              cronSpec: "* * * * */5"
              image: my-awesome-cron-image
            """;

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
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
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
        Process p = pb.start();
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

    private static String ok(String... args) throws Exception {
        Result r = kubectl(args);
        assertThat(r.exit()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    private static Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void applyWaitGetScaleAndDeleteACustomResource() throws Exception {
        // Prime kubectl's discovery cache before the new resource exists.
        ok("api-resources");
        assertThat(ok("apply", "-f", file("crd.yaml", CRD).toString()))
                .contains("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created");
        assertThat(ok("wait", "--for", "condition=established", "--timeout=30s",
                "crd/crontabs.stable.example.com")).contains("condition met");

        Result empty = kubectl("get", "crontabs");
        assertThat(empty.exit()).as(empty.err()).isZero();
        assertThat(empty.err()).contains("No resources found in default namespace.");
        assertThat(ok("apply", "-f", file("cr.yaml", CR).toString()))
                .contains("crontab.stable.example.com/my-new-cron-object created");
        String table = ok("get", "crontabs");
        assertThat(table.lines().findFirst().orElseThrow()).matches("NAME\\s+SPEC\\s+REPLICAS\\s+AGE");
        assertThat(table).containsPattern("my-new-cron-object\\s+\\* \\* \\* \\* \\*/5\\s+1\\s+\\d+s");
        assertThat(ok("get", "ct", "my-new-cron-object", "-o", "jsonpath={.spec.image}"))
                .isEqualTo("my-awesome-cron-image");

        assertThat(ok("scale", "crontab/my-new-cron-object", "--replicas=3"))
                .contains("crontab.stable.example.com/my-new-cron-object scaled");
        assertThat(ok("get", "crontab", "my-new-cron-object", "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");

        assertThat(ok("explain", "crontab.spec")).contains("cronSpec").contains("replicas");
        assertThat(ok("api-resources", "--api-group=stable.example.com"))
                .containsPattern("crontabs\\s+ct\\s+stable.example.com/v1\\s+true\\s+CronTab");

        assertThat(ok("delete", "crontab", "my-new-cron-object"))
                .contains("crontab.stable.example.com \"my-new-cron-object\" deleted");
        assertThat(ok("delete", "-f", dir.resolve("crd.yaml").toString()))
                .contains("customresourcedefinition.apiextensions.k8s.io \"crontabs.stable.example.com\" deleted");
        Result gone = kubectl("get", "crontabs");
        assertThat(gone.exit()).isNotZero();
        // Depending on whether kubectl's discovery cache still lists the type, it fails before or at the request.
        assertThat(gone.err()).containsAnyOf("the server doesn't have a resource type \"crontabs\"",
                "the server could not find the requested resource");
    }
}
