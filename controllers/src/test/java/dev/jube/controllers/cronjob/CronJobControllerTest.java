package dev.jube.controllers.cronjob;

import static dev.jube.controllers.testing.Workloads.retryOnConflict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.Times;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CronJobs against a clock the test moves. The Job controller does not run here: tests finish
 * Jobs by writing their status, as the Job controller would.
 */
class CronJobControllerTest {

    static final ManualClock CLOCK = new ManualClock(Instant.now());
    static final CronJobController CONTROLLER = new CronJobController(CLOCK);
    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(() -> CONTROLLER);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @BeforeEach
    void resetClock() {
        // Earlier tests moved the clock ahead; new CronJobs must not see their times as passed.
        CLOCK.set(Instant.now());
    }

    static CronJob cronJob(String name, UnaryOperator<CronJobSpecBuilder> spec) {
        CronJobSpecBuilder b = new CronJobSpecBuilder().withSchedule("* * * * *").withNewJobTemplate()
                .withNewMetadata().addToLabels("team", "a").addToAnnotations("note", "kept").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer()
                .withName("main").withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                .endJobTemplate();
        return new CronJobBuilder().withNewMetadata().withName(name).endMetadata().withSpec(spec.apply(b).build())
                .build();
    }

    /** Creates the CronJob; returns its first fire time (the first whole minute after its creation). */
    static Instant create(String ns, CronJob cj) {
        CronJob created = client.batch().v1().cronjobs().inNamespace(ns).resource(cj).create();
        return Times.parse(created.getMetadata().getCreationTimestamp()).truncatedTo(ChronoUnit.MINUTES)
                .plus(Duration.ofMinutes(1));
    }

    /** Moves the clock a few seconds past {@code fireTime} and has the controller look. */
    static void at(Instant fireTime) {
        CLOCK.set(fireTime.plusSeconds(5));
        CONTROLLER.resyncAll();
    }

    static CronJob get(String ns, String name) {
        return client.batch().v1().cronjobs().inNamespace(ns).withName(name).get();
    }

    static List<Job> jobs(String ns) {
        return client.batch().v1().jobs().inNamespace(ns).list().getItems().stream()
                .filter(j -> j.getMetadata().getDeletionTimestamp() == null).toList();
    }

    static Set<String> jobNames(String ns) {
        return jobs(ns).stream().map(j -> j.getMetadata().getName()).collect(Collectors.toSet());
    }

    static String jobName(String cj, Instant fire) {
        return cj + "-" + fire.getEpochSecond() / 60;
    }

    /** Finishes a Job as the Job controller would. */
    static void finish(String ns, String name, String type, Instant at) {
        retryOnConflict(() -> {
            Job j = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
            Job done = new JobBuilder(j).editOrNewStatus().withStartTime(Times.format(at))
                    .withCompletionTime("Complete".equals(type) ? Times.format(at.plusSeconds(10)) : null)
                    .withConditions(new JobConditionBuilder().withType(type).withStatus("True")
                            .withLastTransitionTime(Times.format(at.plusSeconds(10))).build()).endStatus().build();
            return client.batch().v1().jobs().inNamespace(ns).resource(done).updateStatus();
        });
    }

    static Set<String> eventReasons(String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).map(Event::getReason)
                .collect(Collectors.toSet());
    }

    @Test
    void createsAJobForEachScheduledTimeNamedAfterItsMinute() {
        String ns = cluster.newNamespace();
        Instant first = create(ns, cronJob("tick", s -> s));
        // Before the first fire time nothing runs.
        CLOCK.set(first.minusSeconds(1));
        CONTROLLER.resyncAll();
        at(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobNames(ns).equals(Set.of(jobName("tick", first))));
        Job job = jobs(ns).getFirst();
        assertThat(job.getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("note", "kept")
                .containsEntry(CronJobController.SCHEDULED_TIMESTAMP, first.toString());
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("CronJob");
            assertThat(r.getController()).isTrue();
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            CronJob cj = get(ns, "tick");
            assertThat(cj.getStatus().getLastScheduleTime()).isEqualTo(Times.format(first));
            assertThat(cj.getStatus().getActive()).singleElement()
                    .satisfies(r -> assertThat(r.getName()).isEqualTo(jobName("tick", first)));
        });
        Instant second = first.plus(Duration.ofMinutes(1));
        at(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobNames(ns).equals(
                Set.of(jobName("tick", first), jobName("tick", second))));
        finish(ns, jobName("tick", first), "Complete", first);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            CronJob cj = get(ns, "tick");
            assertThat(cj.getStatus().getActive()).singleElement()
                    .satisfies(r -> assertThat(r.getName()).isEqualTo(jobName("tick", second)));
            assertThat(cj.getStatus().getLastSuccessfulTime()).isEqualTo(Times.format(first.plusSeconds(10)));
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(eventReasons(ns, "tick"))
                .contains("SuccessfulCreate", "SawCompletedJob"));
    }

    @Test
    void forbidSkipsATimeWhileAJobRuns() {
        String ns = cluster.newNamespace();
        Instant first = create(ns, cronJob("single", s -> s.withConcurrencyPolicy("Forbid")));
        at(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs(ns).size() == 1);
        Instant second = first.plus(Duration.ofMinutes(1));
        at(second);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(eventReasons(ns, "single"))
                .contains("JobAlreadyActive"));
        assertThat(jobNames(ns)).containsExactly(jobName("single", first));
        finish(ns, jobName("single", first), "Complete", first);
        // With no starting deadline, the time that was held back runs once the earlier Job is done.
        await().atMost(Duration.ofSeconds(20)).until(() -> jobNames(ns).equals(
                Set.of(jobName("single", first), jobName("single", second))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(ns, "single").getStatus()
                .getActive()).singleElement().satisfies(r -> assertThat(r.getName())
                .isEqualTo(jobName("single", second))));
    }

    @Test
    void replaceDeletesTheRunningJobForTheNewOne() {
        String ns = cluster.newNamespace();
        Instant first = create(ns, cronJob("fresh", s -> s.withConcurrencyPolicy("Replace")));
        at(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs(ns).size() == 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(get(ns, "fresh").getStatus().getActive()).isNotEmpty());
        Instant second = first.plus(Duration.ofMinutes(1));
        at(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobNames(ns).equals(Set.of(jobName("fresh", second))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(ns, "fresh").getStatus().getActive())
                .singleElement().satisfies(r -> assertThat(r.getName()).isEqualTo(jobName("fresh", second))));
    }

    @Test
    void finishedJobsBeyondTheHistoryLimitsAreDeleted() {
        String ns = cluster.newNamespace();
        Instant t = create(ns, cronJob("history", s -> s.withSuccessfulJobsHistoryLimit(2)
                .withFailedJobsHistoryLimit(1)));
        for (int i = 0; i < 3; i++) {
            Instant fire = t.plus(Duration.ofMinutes(i));
            at(fire);
            await().atMost(Duration.ofSeconds(20)).until(() -> jobNames(ns).contains(jobName("history", fire)));
            finish(ns, jobName("history", fire), "Complete", fire);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> jobNames(ns).equals(Set.of(
                jobName("history", t.plus(Duration.ofMinutes(1))), jobName("history", t.plus(Duration.ofMinutes(2))))));
        for (int i = 3; i < 5; i++) {
            Instant fire = t.plus(Duration.ofMinutes(i));
            at(fire);
            await().atMost(Duration.ofSeconds(20)).until(() -> jobNames(ns).contains(jobName("history", fire)));
            finish(ns, jobName("history", fire), "Failed", fire);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> jobNames(ns).equals(Set.of(
                jobName("history", t.plus(Duration.ofMinutes(1))), jobName("history", t.plus(Duration.ofMinutes(2))),
                jobName("history", t.plus(Duration.ofMinutes(4))))));
    }

    @Test
    void aSuspendedCronJobCreatesNothing() {
        String ns = cluster.newNamespace();
        Instant first = create(ns, cronJob("paused", s -> s.withSuspend(true)));
        at(first);
        at(first.plus(Duration.ofMinutes(1)));
        // Resuming catches up with the most recent time only.
        retryOnConflict(() -> client.batch().v1().cronjobs().inNamespace(ns).withName("paused")
                .edit(c -> new CronJobBuilder(c).editSpec().withSuspend(false).endSpec().build()));
        await().atMost(Duration.ofSeconds(20)).until(() -> !jobs(ns).isEmpty());
        assertThat(jobNames(ns)).containsExactly(jobName("paused", first.plus(Duration.ofMinutes(1))));
    }

    @Test
    void aTimeMissedByMoreThanTheStartingDeadlineIsSkipped() {
        String ns = cluster.newNamespace();
        Instant first = create(ns, cronJob("strict", s -> s.withStartingDeadlineSeconds(10L)));
        CLOCK.set(first.plusSeconds(30));
        CONTROLLER.resyncAll();
        Instant second = first.plus(Duration.ofMinutes(1));
        at(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> !jobs(ns).isEmpty());
        assertThat(jobNames(ns)).containsExactly(jobName("strict", second));
    }

    @Test
    void afterTooManyMissedTimesOnlyTheLatestRunsAndAWarningIsRecorded() {
        String ns = cluster.newNamespace();
        Instant first = create(ns, cronJob("behind", s -> s));
        Instant latest = first.plus(Duration.ofMinutes(150));
        at(latest);
        await().atMost(Duration.ofSeconds(20)).until(() -> !jobs(ns).isEmpty());
        assertThat(jobNames(ns)).containsExactly(jobName("behind", latest));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(eventReasons(ns, "behind"))
                .contains("TooManyMissedTimes"));
    }

    @Test
    void theTimeZoneDecidesWhenAWallClockScheduleFires() {
        String ns = cluster.newNamespace();
        Instant created = create(ns, cronJob("zoned", s -> s.withTimeZone("Asia/Kolkata")
                .withSchedule("30 * * * *"))).minus(Duration.ofMinutes(1));
        // Minute 30 in India (UTC+05:30) is minute 0 in UTC.
        Instant fire = created.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        at(fire);
        await().atMost(Duration.ofSeconds(20)).until(() -> !jobs(ns).isEmpty());
        assertThat(jobNames(ns)).containsExactly(jobName("zoned", fire));
        assertThat(jobs(ns).getFirst().getMetadata().getAnnotations().get(CronJobController.SCHEDULED_TIMESTAMP))
                .endsWith(":30:00+05:30");
    }
}
