package dev.jube.controllers.cronjob;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.Times;
import dev.jube.controllers.framework.WorkQueue;
import dev.jube.controllers.framework.WrittenVersions;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * batch/v1 CronJobs (upstream's cronjob controller v2): creates a Job named
 * {@code <name>-<scheduled time in minutes>} at each time the schedule fires (read in
 * spec.timeZone, else UTC), unless suspended, too late for startingDeadlineSeconds, or forbidden
 * by the concurrency policy; keeps status.active, lastScheduleTime and lastSuccessfulTime; and
 * deletes finished Jobs beyond the history limits. The clock is injected so tests can move time.
 */
public final class CronJobController implements Controller {

    public static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    /** A little after the scheduled time, so the next sync sees the time as passed. */
    private static final Duration NEXT_SYNC_SLACK = Duration.ofMillis(100);

    private final Clock clock;
    private final WrittenVersions written = new WrittenVersions();
    private KubernetesClient client;
    private SharedIndexInformer<CronJob> cronJobs;
    private SharedIndexInformer<Job> jobs;
    private EventRecorder recorder;
    private WorkQueue queue;

    public CronJobController() {
        this(Clock.systemUTC());
    }

    public CronJobController(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "cronjob";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.recorder = context.recorder("cronjob-controller");
        this.cronJobs = context.informer(CronJob.class);
        this.jobs = context.informer(Job.class);
        cronJobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(CronJob cj) {
                queue.add(Keys.of(cj));
            }

            @Override
            public void onUpdate(CronJob oldCj, CronJob newCj) {
                queue.add(Keys.of(newCj));
            }

            @Override
            public void onDelete(CronJob cj, boolean unknown) {}
        });
        jobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                enqueueOwner(job);
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                enqueueOwner(newJob);
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
                enqueueOwner(job);
            }
        });
    }

    /** Wakes the CronJob controlling {@code job}, e.g. when it finishes. */
    private void enqueueOwner(Job job) {
        OwnerReference ref = OwnerRefs.controllerOf(job);
        if (ref != null && "CronJob".equals(ref.getKind())) {
            queue.add(Keys.of(job.getMetadata().getNamespace(), ref.getName()));
        }
    }

    /** Lets tests (and a moved clock) make the controller look at every CronJob now. */
    public void resyncAll() {
        cronJobs.getIndexer().list().forEach(cj -> queue.add(Keys.of(cj)));
    }

    @Override
    public void reconcile(String key) {
        CronJob cj = cronJobs.getIndexer().getByKey(key);
        if (cj == null) {
            written.forget(key);
            return;
        }
        if (written.isStale(key, cj)) {
            queue.addAfter(key, Duration.ofMillis(100)); // our last status write is not in the cache yet
            return;
        }
        List<Job> children = new ArrayList<>();
        for (Job j : jobs.getIndexer().byIndex(Cache.NAMESPACE_INDEX, cj.getMetadata().getNamespace())) {
            if (OwnerRefs.isControlledBy(j, cj)) {
                children.add(j);
            }
        }
        CronJobStatus old = cj.getStatus() == null ? new CronJobStatus() : cj.getStatus();
        List<ObjectReference> active = new ArrayList<>(old.getActive() == null ? List.of() : old.getActive());
        String lastSuccessful = old.getLastSuccessfulTime();
        String lastSchedule = old.getLastScheduleTime();

        // The active list follows the Jobs: finished ones leave it, deleted ones too.
        Set<String> childUids = new HashSet<>();
        for (Job j : children) {
            childUids.add(j.getMetadata().getUid());
            boolean listed = active.stream().anyMatch(r -> Objects.equals(r.getUid(), j.getMetadata().getUid()));
            String finished = finishedCondition(j);
            if (!listed && finished == null) {
                recorder.warning(cj, "UnexpectedJob", "Saw a job that the controller did not create or forgot: "
                        + j.getMetadata().getName());
            } else if (listed && finished != null) {
                active.removeIf(r -> Objects.equals(r.getUid(), j.getMetadata().getUid()));
                recorder.normal(cj, "SawCompletedJob", "Saw completed job: " + j.getMetadata().getName()
                        + ", condition: " + finished);
            }
            if ("Complete".equals(finished) && j.getStatus().getCompletionTime() != null
                    && (lastSuccessful == null || Times.parse(j.getStatus().getCompletionTime())
                            .isAfter(Times.parse(lastSuccessful)))) {
                lastSuccessful = j.getStatus().getCompletionTime();
            }
        }
        for (ObjectReference r : List.copyOf(active)) {
            if (!childUids.contains(r.getUid())) {
                Job live = client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace())
                        .withName(r.getName()).get();
                if (live == null || !Objects.equals(live.getMetadata().getUid(), r.getUid())) {
                    active.remove(r);
                    recorder.normal(cj, "MissingJob", "Active job went missing: " + r.getName());
                }
            }
        }
        if (cj.getMetadata().getDeletionTimestamp() == null) {
            cleanUpHistory(cj, children);
            Decision d = decide(cj, active);
            if (d.created != null) {
                active.add(d.created);
                lastSchedule = Times.format(d.scheduled);
            }
            if (d.next != null) {
                Duration wait = Duration.between(clock.instant(), d.next).plus(NEXT_SYNC_SLACK);
                queue.addAfter(key, wait.isNegative() ? Duration.ZERO : wait);
            }
        }
        CronJobStatus next = new CronJobStatusBuilder().withActive(active.isEmpty() ? null : active)
                .withLastScheduleTime(lastSchedule).withLastSuccessfulTime(lastSuccessful).build();
        if (!next.equals(normalized(old))) {
            CronJob copy = new CronJobBuilder(cj).withStatus(next).build();
            written.record(key, client.batch().v1().cronjobs().inNamespace(cj.getMetadata().getNamespace())
                    .resource(copy).updateStatus());
        }
    }

    private static CronJobStatus normalized(CronJobStatus s) {
        return new CronJobStatusBuilder(s).withActive(s.getActive() == null || s.getActive().isEmpty() ? null
                : s.getActive()).build();
    }

    /** What this sync did: the Job it created (with its scheduled time) and when to look again. */
    private record Decision(ObjectReference created, Instant scheduled, Instant next) {}

    private Decision decide(CronJob cj, List<ObjectReference> active) {
        CronJobSpec spec = cj.getSpec();
        ZoneId zone = ZoneOffset.UTC;
        if (spec.getTimeZone() != null && !spec.getTimeZone().isEmpty()) {
            try {
                zone = ZoneId.of(spec.getTimeZone());
            } catch (DateTimeException e) {
                recorder.warning(cj, "UnknownTimeZone", "invalid timeZone: \"" + spec.getTimeZone() + "\": "
                        + e.getMessage());
                return new Decision(null, null, null);
            }
        }
        if (Boolean.TRUE.equals(spec.getSuspend())) {
            return new Decision(null, null, null);
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(spec.getSchedule());
        } catch (IllegalArgumentException e) {
            recorder.warning(cj, "UnparseableSchedule", "unparseable schedule: \"" + spec.getSchedule() + "\" : "
                    + e.getMessage());
            return new Decision(null, null, null);
        }
        Instant now = clock.instant();
        Instant earliest = cj.getStatus() != null && cj.getStatus().getLastScheduleTime() != null
                ? Times.parse(cj.getStatus().getLastScheduleTime())
                : Times.parse(cj.getMetadata().getCreationTimestamp());
        Long startingDeadline = spec.getStartingDeadlineSeconds();
        if (startingDeadline != null) {
            Instant deadlineStart = now.minusSeconds(startingDeadline);
            if (deadlineStart.isAfter(earliest)) {
                earliest = deadlineStart;
            }
        }
        ZonedDateTime nextFire = schedule.next(now.atZone(zone), zone);
        Instant next = nextFire == null ? null : nextFire.toInstant();
        ScheduleTimes.Recent recent = ScheduleTimes.mostRecent(schedule, zone, earliest, now);
        if (recent.missed() > ScheduleTimes.TOO_MANY_MISSED) {
            recorder.warning(cj, "TooManyMissedTimes", "too many missed start times: " + recent.missed()
                    + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        Instant scheduled = recent.time();
        if (scheduled == null) {
            return new Decision(null, null, next);
        }
        if (startingDeadline != null && scheduled.plusSeconds(startingDeadline).isBefore(now)) {
            recorder.warning(cj, "MissSchedule", "Missed scheduled time to start a job: "
                    + scheduled.atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            return new Decision(null, null, next);
        }
        String jobName = jobName(cj, scheduled);
        if (active.stream().anyMatch(r -> jobName.equals(r.getName()))
                || scheduled.equals(cj.getStatus() == null ? null : Times.parse(cj.getStatus().getLastScheduleTime()))) {
            return new Decision(null, null, next); // this time was handled already
        }
        String policy = spec.getConcurrencyPolicy() == null ? "Allow" : spec.getConcurrencyPolicy();
        if ("Forbid".equals(policy) && !active.isEmpty()) {
            recorder.normal(cj, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return new Decision(null, null, next);
        }
        if ("Replace".equals(policy)) {
            for (ObjectReference r : List.copyOf(active)) {
                deleteJob(cj, r.getName());
                active.remove(r);
            }
        }
        Job job = jobFor(cj, jobName, scheduled, zone);
        Job created;
        try {
            created = client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace()).resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                // Created by an earlier sync whose status write was lost: adopt it into the active list.
                Job existing = client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace())
                        .withName(jobName).get();
                if (existing != null && OwnerRefs.isControlledBy(existing, cj) && finishedCondition(existing) == null) {
                    return new Decision(reference(existing), scheduled, next);
                }
                return new Decision(null, null, next);
            }
            recorder.warning(cj, "FailedCreate", "Error creating job: " + e.getMessage());
            throw e;
        }
        recorder.normal(cj, "SuccessfulCreate", "Created job " + created.getMetadata().getName());
        return new Decision(reference(created), scheduled, next);
    }

    /** {@code <cronjob>-<minutes since the epoch of the scheduled time>}, as upstream names them. */
    static String jobName(CronJob cj, Instant scheduled) {
        return cj.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
    }

    private static Job jobFor(CronJob cj, String name, Instant scheduled, ZoneId zone) {
        ObjectMeta tm = cj.getSpec().getJobTemplate().getMetadata() == null ? new ObjectMeta()
                : cj.getSpec().getJobTemplate().getMetadata();
        Map<String, String> annotations = tm.getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(tm.getAnnotations());
        annotations.put(SCHEDULED_TIMESTAMP, scheduled.atZone(zone).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(cj.getMetadata().getNamespace())
                .withLabels(tm.getLabels() == null ? null : new HashMap<>(tm.getLabels()))
                .withAnnotations(annotations)
                .withOwnerReferences(OwnerRefs.controllerRef(cj, "batch/v1", "CronJob"))
                .endMetadata()
                .withSpec(cj.getSpec().getJobTemplate().getSpec())
                .build();
    }

    private static ObjectReference reference(Job job) {
        return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion())
                .build();
    }

    /** "Complete" or "Failed" when the Job has finished, else null. */
    private static String finishedCondition(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                return c.getType();
            }
        }
        return null;
    }

    /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
    private void cleanUpHistory(CronJob cj, List<Job> children) {
        Integer keepSucceeded = cj.getSpec().getSuccessfulJobsHistoryLimit();
        Integer keepFailed = cj.getSpec().getFailedJobsHistoryLimit();
        List<Job> succeeded = new ArrayList<>();
        List<Job> failed = new ArrayList<>();
        for (Job j : children) {
            if (j.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String c = finishedCondition(j);
            if ("Complete".equals(c)) {
                succeeded.add(j);
            } else if ("Failed".equals(c)) {
                failed.add(j);
            }
        }
        trim(cj, succeeded, keepSucceeded == null ? 3 : keepSucceeded);
        trim(cj, failed, keepFailed == null ? 1 : keepFailed);
    }

    private void trim(CronJob cj, List<Job> finished, int keep) {
        if (finished.size() <= keep) {
            return;
        }
        finished.sort(Comparator.comparing(CronJobController::startedAt));
        for (Job j : finished.subList(0, finished.size() - keep)) {
            deleteJob(cj, j.getMetadata().getName());
        }
    }

    private static Instant startedAt(Job j) {
        String t = j.getStatus() != null && j.getStatus().getStartTime() != null ? j.getStatus().getStartTime()
                : j.getMetadata().getCreationTimestamp();
        return t == null ? Instant.EPOCH : Times.parse(t);
    }

    private void deleteJob(CronJob cj, String name) {
        try {
            client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace()).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            recorder.normal(cj, "SuccessfulDelete", "Deleted job " + name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                recorder.warning(cj, "FailedDelete", "Deleted job: " + e.getMessage());
                throw e;
            }
        }
    }
}
