package dev.jube.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.Times;
import dev.jube.controllers.job.JobController;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.Kubectl;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl creating CronJobs and Jobs from them, and printing Jobs as upstream does. */
class KubectlCronJobIT {

    @TempDir
    static Path dir;
    static ControllerCluster cluster;
    static KubernetesClient client;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(() -> new JobController(Duration.ofMillis(200), Clock.systemUTC()),
                CronJobController::new);
        client = cluster.client();
        kubectl = new Kubectl(cluster, dir);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    /** Ends every running pod of the namespace successfully, as a kubelet reports a finished container. */
    private static void succeedPods(String ns) {
        for (Pod p : client.pods().inNamespace(ns).list().getItems()) {
            if (p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase())) {
                continue;
            }
            String now = Times.now();
            Pod done = new PodBuilder(p).editOrNewStatus().withPhase("Succeeded").addNewContainerStatus()
                    .withName(p.getSpec().getContainers().getFirst().getName()).withImage("busybox").withReady(false)
                    .withRestartCount(0).withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                    .withFinishedAt(now).endTerminated().endState().endContainerStatus().endStatus().build();
            client.pods().inNamespace(ns).resource(done).updateStatus();
        }
    }

    @Test
    void createCronJobThenAJobFromItAndListJobs() throws Exception {
        String ns = cluster.newNamespace();
        assertThat(kubectl.ok("create", "cronjob", "nightly", "-n", ns, "--image=busybox", "--schedule=0 3 * * *",
                "--", "echo", "hello")).contains("cronjob.batch/nightly created");
        assertThat(kubectl.ok("get", "cronjob", "nightly", "-n", ns))
                .containsPattern("NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+ACTIVE\\s+LAST SCHEDULE\\s+AGE")
                .containsPattern("nightly\\s+0 3 \\* \\* \\*\\s+<none>\\s+False\\s+0\\s+<none>");

        assertThat(kubectl.ok("create", "job", "manual", "--from=cronjob/nightly", "-n", ns))
                .contains("job.batch/manual created");
        Job job = client.batch().v1().jobs().inNamespace(ns).withName("manual").get();
        assertThat(job.getMetadata().getAnnotations()).containsEntry("cronjob.kubernetes.io/instantiate", "manual");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getKind()).isEqualTo("CronJob"));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().inNamespace(ns).list().getItems().size() == 1);
        assertThat(kubectl.ok("get", "jobs", "-n", ns))
                .containsPattern("NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE")
                .containsPattern("manual\\s+Running\\s+0/1\\s+\\d+s\\s+\\d+s");

        succeedPods(ns);
        assertThat(kubectl.ok("wait", "--for=condition=complete", "job/manual", "-n", ns, "--timeout=60s"))
                .contains("job.batch/manual condition met");
        assertThat(kubectl.ok("get", "jobs", "-n", ns))
                .containsPattern("manual\\s+Complete\\s+1/1\\s+\\d+s\\s+\\d+s");
        String describe = kubectl.ok("describe", "job", "manual", "-n", ns);
        assertThat(describe).containsPattern("Pods Statuses:\\s+0 Active \\(0 Ready\\) / 1 Succeeded / 0 Failed")
                .contains("SuccessfulCreate").contains("Completed");

        assertThat(kubectl.ok("delete", "cronjob", "nightly", "-n", ns)).contains("cronjob.batch \"nightly\" deleted");
    }
}
