package dev.jube.controllers.job;

import static dev.jube.controllers.testing.Workloads.retryOnConflict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.Times;
import dev.jube.controllers.garbagecollector.GarbageCollector;
import dev.jube.controllers.testing.ControllerCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobControllerTest {

    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        // Objects read while a controller is still working may lack status: keep polling.
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(() -> new JobController(Duration.ofMillis(200), Clock.systemUTC()),
                TtlAfterFinishedController::new, GarbageCollector::new);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    /** A Job whose pods run on node-1 (so the fake kubelet runs them) and never restart. */
    static Job job(String name, UnaryOperator<JobSpecBuilder> spec) {
        JobSpecBuilder b = new JobSpecBuilder().withNewTemplate().withNewSpec().withNodeName("node-1")
                .withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox").endContainer()
                .endSpec().endTemplate();
        return new JobBuilder().withNewMetadata().withName(name).endMetadata().withSpec(spec.apply(b).build()).build();
    }

    static Job create(String ns, Job job) {
        return client.batch().v1().jobs().inNamespace(ns).resource(job).create();
    }

    static Job get(String ns, String name) {
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    /** The Job's pods that run (not finished, not being deleted). */
    static List<Pod> running(String ns, Job job) {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences() != null
                        && p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> r.getUid().equals(job.getMetadata().getUid())))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .toList();
    }

    /** Ends a pod as a kubelet would report it: its container exited with {@code exitCode}. */
    static void end(Pod pod, int exitCode, String... conditions) {
        retryOnConflict(() -> {
            Pod live = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .get();
            String now = Times.now();
            PodBuilder b = new PodBuilder(live);
            var status = b.editStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                    .withContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                            .withName("main").withImage("busybox").withReady(false).withRestartCount(0)
                            .withNewState().withNewTerminated().withExitCode(exitCode)
                            .withReason(exitCode == 0 ? "Completed" : "Error").withFinishedAt(now).endTerminated()
                            .endState().build()));
            for (String c : conditions) {
                status.addToConditions(new PodConditionBuilder().withType(c).withStatus("True")
                        .withLastTransitionTime(now).build());
            }
            return client.pods().inNamespace(live.getMetadata().getNamespace()).resource(status.endStatus().build())
                    .updateStatus();
        });
    }

    static JobCondition condition(Job job, String type) {
        return JobConditions.find(job.getStatus() == null ? null : job.getStatus().getConditions(), type);
    }

    static void awaitCondition(String ns, String name, String type, String reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JobCondition c = condition(get(ns, name), type);
            assertThat(c).isNotNull();
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo(reason);
        });
    }

    static Set<String> eventReasons(String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).map(Event::getReason)
                .collect(Collectors.toSet());
    }

    @Test
    void completionsThreeWithParallelismTwoRunsAtMostTwoPodsAndCompletes() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("pi", s -> s.withCompletions(3).withParallelism(2)));
        int ended = 0;
        while (ended < 3) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !running(ns, job).isEmpty());
            List<Pod> pods = running(ns, job);
            assertThat(pods.size()).isLessThanOrEqualTo(2);
            Pod p = pods.getFirst();
            assertThat(p.getMetadata().getFinalizers()).contains(JobPods.TRACKING_FINALIZER);
            assertThat(p.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-name", "pi")
                    .containsEntry("job-name", "pi")
                    .containsEntry("batch.kubernetes.io/controller-uid", job.getMetadata().getUid())
                    .containsEntry("controller-uid", job.getMetadata().getUid());
            end(p, 0);
            ended++;
            int expected = ended;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(ns, "pi").getStatus().getSucceeded()).isEqualTo(expected));
        }
        awaitCondition(ns, "pi", JobConditions.COMPLETE, JobController.COMPLETIONS_REACHED);
        Job done = get(ns, "pi");
        assertThat(condition(done, JobConditions.SUCCESS_CRITERIA_MET).getStatus()).isEqualTo("True");
        assertThat(done.getStatus().getCompletionTime()).isNotNull();
        assertThat(done.getStatus().getStartTime()).isNotNull();
        assertThat(done.getStatus().getActive()).isNull();
        assertThat(done.getStatus().getFailed()).isNull();
        assertThat(done.getStatus().getUncountedTerminatedPods().getSucceeded()).isNullOrEmpty();
        // Counted pods keep no tracking finalizer.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.pods().inNamespace(ns).list()
                .getItems()).hasSize(3).allSatisfy(p -> assertThat(p.getMetadata().getFinalizers())
                .doesNotContain(JobPods.TRACKING_FINALIZER)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(eventReasons(ns, "pi"))
                .contains(JobController.SUCCESSFUL_CREATE, JobController.COMPLETED));
    }

    @Test
    void aFailingJobBacksOffAndFailsAfterTheBackoffLimit() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("fail", s -> s.withBackoffLimit(2)));
        for (int i = 1; i <= 3; i++) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 1);
            end(running(ns, job).getFirst(), 1);
            int failed = i;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(ns, "fail").getStatus().getFailed()).isEqualTo(failed));
        }
        awaitCondition(ns, "fail", JobConditions.FAILED, JobController.BACKOFF_LIMIT_EXCEEDED);
        Job failed = get(ns, "fail");
        assertThat(condition(failed, JobConditions.FAILED).getMessage())
                .isEqualTo("Job has reached the specified backoff limit");
        assertThat(condition(failed, JobConditions.FAILURE_TARGET).getReason())
                .isEqualTo(JobController.BACKOFF_LIMIT_EXCEEDED);
        assertThat(failed.getStatus().getFailed()).isEqualTo(3);
        assertThat(failed.getStatus().getActive()).isNull();
        assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(eventReasons(ns, "fail"))
                .contains(JobController.BACKOFF_LIMIT_EXCEEDED));
    }

    @Test
    void restartsOfAnOnFailurePodCountTowardsTheBackoffLimit() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("restarts", s -> s.withBackoffLimit(2).editTemplate().editSpec()
                .withRestartPolicy("OnFailure").endSpec().endTemplate()));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 1);
        Pod pod = running(ns, job).getFirst();
        // The kubelet restarted the container twice in place: the pod is still running.
        retryOnConflict(() -> {
            Pod live = client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get();
            Pod restarted = new PodBuilder(live).editStatus().editFirstContainerStatus().withRestartCount(2)
                    .endContainerStatus().endStatus().build();
            return client.pods().inNamespace(ns).resource(restarted).updateStatus();
        });
        awaitCondition(ns, "restarts", JobConditions.FAILED, JobController.BACKOFF_LIMIT_EXCEEDED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty());
    }

    @Test
    void aJobActiveLongerThanItsDeadlineFailsAndItsPodsAreDeleted() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("slow", s -> s.withActiveDeadlineSeconds(2L)));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 1);
        awaitCondition(ns, "slow", JobConditions.FAILED, JobController.DEADLINE_EXCEEDED);
        assertThat(condition(get(ns, "slow"), JobConditions.FAILED).getMessage())
                .isEqualTo("Job was active longer than specified deadline");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(eventReasons(ns, "slow"))
                .contains(JobController.DEADLINE_EXCEEDED));
    }

    @Test
    void indexedPodsCarryTheirIndexAndTheJobTracksCompletedIndexes() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("idx", s -> s.withCompletions(3).withParallelism(3).withCompletionMode("Indexed")));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 3);
        List<Pod> pods = running(ns, job);
        Set<String> indexes = new TreeSet<>();
        for (Pod p : pods) {
            String index = p.getMetadata().getAnnotations().get(JobPods.COMPLETION_INDEX);
            indexes.add(index);
            assertThat(p.getMetadata().getLabels()).containsEntry(JobPods.COMPLETION_INDEX, index);
            assertThat(p.getSpec().getHostname()).isEqualTo("idx-" + index);
            assertThat(p.getMetadata().getName()).startsWith("idx-" + index + "-");
            assertThat(p.getSpec().getContainers().getFirst().getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX");
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
            });
        }
        assertThat(indexes).containsExactly("0", "1", "2");
        Pod one = pods.stream().filter(p -> "1".equals(p.getMetadata().getAnnotations()
                .get(JobPods.COMPLETION_INDEX))).findFirst().orElseThrow();
        end(one, 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(ns, "idx").getStatus().getCompletedIndexes()).isEqualTo("1"));
        // A failed index gets a new pod with the same index.
        Pod zero = pods.stream().filter(p -> "0".equals(p.getMetadata().getAnnotations()
                .get(JobPods.COMPLETION_INDEX))).findFirst().orElseThrow();
        end(zero, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).stream().anyMatch(p ->
                "0".equals(p.getMetadata().getAnnotations().get(JobPods.COMPLETION_INDEX))
                        && !p.getMetadata().getUid().equals(zero.getMetadata().getUid())));
        for (Pod p : running(ns, job)) {
            end(p, 0);
        }
        awaitCondition(ns, "idx", JobConditions.COMPLETE, JobController.COMPLETIONS_REACHED);
        Job done = get(ns, "idx");
        assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-2");
        assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(done.getStatus().getFailed()).isEqualTo(1);
    }

    @Test
    void aPodFailurePolicyFailsTheJobOnAnExitCode() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("policy", s -> s.withBackoffLimit(6).withPodFailurePolicy(
                new PodFailurePolicyBuilder().addNewRule().withAction("FailJob").withNewOnExitCodes()
                        .withContainerName("main").withOperator("In").withValues(42).endOnExitCodes().endRule()
                        .build())));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 1);
        Pod pod = running(ns, job).getFirst();
        end(pod, 42);
        awaitCondition(ns, "policy", JobConditions.FAILED, JobController.POD_FAILURE_POLICY);
        assertThat(condition(get(ns, "policy"), JobConditions.FAILED).getMessage()).isEqualTo("Container main for pod "
                + ns + "/" + pod.getMetadata().getName() + " failed with exit code 42 matching FailJob rule at index 0");
    }

    @Test
    void aPodFailurePolicyIgnoresDisruptionsAndCountsOtherFailures() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("tolerant", s -> s.withBackoffLimit(6).withPodFailurePolicy(
                new PodFailurePolicyBuilder().addNewRule().withAction("Ignore").addNewOnPodCondition()
                        .withType("DisruptionTarget").withStatus("True").endOnPodCondition().endRule()
                        .addNewRule().withAction("Count").withNewOnExitCodes().withOperator("In").withValues(3)
                        .endOnExitCodes().endRule().build())));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 1);
        Pod disrupted = running(ns, job).getFirst();
        end(disrupted, 137, "DisruptionTarget");
        // Replaced at once, and not counted.
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 1
                && !running(ns, job).getFirst().getMetadata().getUid().equals(disrupted.getMetadata().getUid()));
        assertThat(get(ns, "tolerant").getStatus().getFailed()).isNull();
        end(running(ns, job).getFirst(), 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(ns, "tolerant").getStatus().getFailed()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 1);
        end(running(ns, job).getFirst(), 0);
        awaitCondition(ns, "tolerant", JobConditions.COMPLETE, JobController.COMPLETIONS_REACHED);
    }

    @Test
    void anIndexThatFailsMoreThanItsPerIndexLimitOrByFailIndexFailsAloneAndTheJobFailsAtTheEnd() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("per-index", s -> s.withCompletions(3).withParallelism(3)
                .withCompletionMode("Indexed").withBackoffLimitPerIndex(1).withPodFailurePolicy(
                        new PodFailurePolicyBuilder().addNewRule().withAction("FailIndex").withNewOnExitCodes()
                                .withOperator("In").withValues(42).endOnExitCodes().endRule().build())));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 3);
        // Index 0 fails by the policy at once; index 1 gets one retry, then fails for good.
        end(podOfIndex(ns, job, "0"), 42);
        Pod firstOfOne = podOfIndex(ns, job, "1");
        end(firstOfOne, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Pod p = podOfIndex(ns, job, "1");
            return p != null && !p.getMetadata().getUid().equals(firstOfOne.getMetadata().getUid());
        });
        Pod retry = podOfIndex(ns, job, "1");
        assertThat(retry.getMetadata().getAnnotations()).containsEntry(JobPods.INDEX_FAILURE_COUNT, "1");
        end(retry, 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(ns, "per-index").getStatus().getFailedIndexes()).isEqualTo("0-1"));
        assertThat(podOfIndex(ns, job, "0")).isNull();
        end(podOfIndex(ns, job, "2"), 0);
        awaitCondition(ns, "per-index", JobConditions.FAILED, JobController.FAILED_INDEXES);
        Job failed = get(ns, "per-index");
        assertThat(failed.getStatus().getCompletedIndexes()).isEqualTo("2");
        assertThat(failed.getStatus().getFailed()).isEqualTo(3);
    }

    private static Pod podOfIndex(String ns, Job job, String index) {
        return running(ns, job).stream().filter(p -> index.equals(p.getMetadata().getAnnotations()
                .get(JobPods.COMPLETION_INDEX))).findFirst().orElse(null);
    }

    @Test
    void anIndexedJobSucceedsEarlyWhenItsSuccessPolicyHolds() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("leader", s -> s.withCompletions(3).withParallelism(3)
                .withCompletionMode("Indexed").withNewSuccessPolicy().addNewRule().withSucceededIndexes("0")
                .endRule().endSuccessPolicy()));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 3);
        end(podOfIndex(ns, job, "0"), 0);
        awaitCondition(ns, "leader", JobConditions.COMPLETE, JobController.SUCCESS_POLICY);
        Job done = get(ns, "leader");
        assertThat(condition(done, JobConditions.SUCCESS_CRITERIA_MET).getMessage())
                .isEqualTo("Matched rules at index 0");
        assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0");
        // The workers still running were stopped.
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).isEmpty());
    }

    @Test
    void aSuspendedJobHasNoPodsUntilResumed() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("later", s -> s.withParallelism(2).withCompletions(4).withSuspend(true)));
        awaitCondition(ns, "later", JobConditions.SUSPENDED, "JobSuspended");
        assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(get(ns, "later").getStatus().getStartTime()).isNull();
        retryOnConflict(() -> client.batch().v1().jobs().inNamespace(ns).withName("later")
                .edit(j -> new JobBuilder(j).editSpec().withSuspend(false).endSpec().build()));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JobCondition c = condition(get(ns, "later"), JobConditions.SUSPENDED);
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("JobResumed");
            assertThat(get(ns, "later").getStatus().getStartTime()).isNotNull();
        });
        retryOnConflict(() -> client.batch().v1().jobs().inNamespace(ns).withName("later")
                .edit(j -> new JobBuilder(j).editSpec().withSuspend(true).endSpec().build()));
        awaitCondition(ns, "later", JobConditions.SUSPENDED, "JobSuspended");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty());
        Job suspended = get(ns, "later");
        assertThat(suspended.getStatus().getFailed()).isNull();
        assertThat(suspended.getStatus().getActive()).isNull();
        assertThat(eventReasons(ns, "later")).contains("Suspended", "Resumed");
    }

    @Test
    void withoutCompletionsTheJobCompletesWhenOnePodSucceededAndTheOthersEnded() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("queue", s -> s.withParallelism(2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 2);
        List<Pod> pods = running(ns, job);
        end(pods.get(0), 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(ns, "queue").getStatus().getSucceeded()).isEqualTo(1));
        // The other worker is left to finish; no new pod starts.
        assertThat(running(ns, job)).hasSize(1);
        assertThat(condition(get(ns, "queue"), JobConditions.COMPLETE)).isNull();
        end(pods.get(1), 0);
        awaitCondition(ns, "queue", JobConditions.COMPLETE, JobController.COMPLETIONS_REACHED);
        assertThat(get(ns, "queue").getStatus().getSucceeded()).isEqualTo(2);
    }

    @Test
    void aFinishedJobWithATtlIsDeleted() {
        String ns = cluster.newNamespace();
        Job job = create(ns, job("short-lived", s -> s.withTtlSecondsAfterFinished(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns, job).size() == 1);
        end(running(ns, job).getFirst(), 0);
        awaitCondition(ns, "short-lived", JobConditions.COMPLETE, JobController.COMPLETIONS_REACHED);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(ns, "short-lived") == null);
        // Deleted in the foreground: its pods went first.
        assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    }
}
