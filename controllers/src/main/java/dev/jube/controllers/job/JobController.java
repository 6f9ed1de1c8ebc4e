package dev.jube.controllers.job;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.Expectations;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.framework.Times;
import dev.jube.controllers.framework.WorkQueue;
import dev.jube.controllers.framework.WrittenVersions;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * batch/v1 Jobs (upstream's job controller): runs pods until {@code completions} succeed (or, with
 * no completions, until one succeeds and the rest finish), at most {@code parallelism} at once,
 * replacing failed pods after an exponential back-off until {@code backoffLimit} failures, within
 * {@code activeDeadlineSeconds}. Indexed Jobs give each pod a completion index. Failed pods are
 * matched against the podFailurePolicy. A suspended Job has no pods.
 *
 * <p>Pods carry the tracking finalizer until their end is counted: a finished pod's uid is first
 * written to status.uncountedTerminatedPods, then its finalizer is removed, then it moves to the
 * succeeded or failed counter, so a pod is counted once even if the pod object disappears.
 * A Job ends by first getting the FailureTarget or SuccessCriteriaMet condition, its remaining pods
 * are deleted, and once none is left it gets Failed or Complete.
 */
public final class JobController implements Controller {

    public static final String SUCCESSFUL_CREATE = "SuccessfulCreate";
    public static final String SUCCESSFUL_DELETE = "SuccessfulDelete";
    public static final String FAILED_CREATE = "FailedCreate";
    public static final String COMPLETED = "Completed";
    public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    public static final String POD_FAILURE_POLICY = "PodFailurePolicy";
    public static final String FAILED_INDEXES = "FailedIndexes";
    public static final String MAX_FAILED_INDEXES_EXCEEDED = "MaxFailedIndexesExceeded";
    public static final String COMPLETIONS_REACHED = "CompletionsReached";
    public static final String SUCCESS_POLICY = "SuccessPolicy";
    /** At most this many pods are created or deleted per sync (upstream's burst). */
    static final int BURST = 500;

    private final JobBackoff backoff;
    private final Clock clock;
    private final Expectations expectations = new Expectations();
    /** Pods whose tracking finalizer this controller removed, until the informer shows it gone. */
    private final Set<String> releasing = ConcurrentHashMap.newKeySet();
    private final WrittenVersions written = new WrittenVersions();
    private KubernetesClient client;
    private SharedIndexInformer<Job> jobs;
    private SharedIndexInformer<Pod> pods;
    private EventRecorder recorder;
    private WorkQueue queue;

    public JobController() {
        this(JobBackoff.DEFAULT_BASE, Clock.systemUTC());
    }

    /** A controller whose first pod re-creation back-off is {@code backoffBase} (upstream: 10 s). */
    public JobController(Duration backoffBase, Clock clock) {
        this.backoff = new JobBackoff(backoffBase, JobBackoff.DEFAULT_MAX);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.recorder = context.recorder("job-controller");
        this.jobs = context.informer(Job.class);
        this.pods = context.informer(Pod.class);
        jobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                queue.add(Keys.of(job));
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                queue.add(Keys.of(newJob));
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
                expectations.delete(Keys.of(job));
                queue.add(Keys.of(job));
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                String key = jobKey(pod);
                if (key != null) {
                    if (pod.getMetadata().getDeletionTimestamp() != null) {
                        expectations.deletionObserved(key, Keys.of(pod));
                    } else {
                        expectations.creationObserved(key);
                    }
                    queue.add(key);
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (!JobPods.hasFinalizer(newPod)) {
                    releasing.remove(newPod.getMetadata().getUid());
                }
                String key = jobKey(newPod);
                if (key != null) {
                    if (newPod.getMetadata().getDeletionTimestamp() != null) {
                        expectations.deletionObserved(key, Keys.of(newPod));
                    }
                    queue.add(key);
                }
                String oldKey = jobKey(oldPod);
                if (oldKey != null && !oldKey.equals(key)) {
                    queue.add(oldKey);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                releasing.remove(pod.getMetadata().getUid());
                String key = jobKey(pod);
                if (key != null) {
                    expectations.deletionObserved(key, Keys.of(pod));
                    queue.add(key);
                }
            }
        });
    }

    /** The key of the Job controlling {@code pod}, or null. */
    private static String jobKey(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (ref == null || !"Job".equals(ref.getKind()) || !String.valueOf(ref.getApiVersion()).startsWith("batch/")) {
            return null;
        }
        return Keys.of(pod.getMetadata().getNamespace(), ref.getName());
    }

    private List<Pod> podsOf(Job job) {
        List<Pod> result = new ArrayList<>();
        for (Pod p : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, job.getMetadata().getNamespace())) {
            if (OwnerRefs.isControlledBy(p, job)) {
                result.add(p);
            }
        }
        return result;
    }

    @Override
    public void reconcile(String key) throws Exception {
        Job job = jobs.getIndexer().getByKey(key);
        if (job == null) {
            expectations.delete(key);
            backoff.forget(key);
            written.forget(key);
            releaseOrphans(key);
            return;
        }
        if (written.isStale(key, job)) {
            queue.addAfter(key, Duration.ofMillis(100)); // our last status write is not in the cache yet
            return;
        }
        List<Pod> owned = podsOf(job);
        if (JobConditions.isFinished(job) || job.getMetadata().getDeletionTimestamp() != null) {
            // A finished or deleted Job counts nothing more: let its pods go.
            for (Pod p : owned) {
                if (JobPods.hasFinalizer(p) && !releasing.contains(p.getMetadata().getUid())) {
                    release(p);
                }
            }
            return;
        }
        new Sync(key, job, owned).run();
    }

    /** Pods of a Job that is gone keep no tracking finalizer. */
    private void releaseOrphans(String key) {
        for (Pod p : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, Keys.namespace(key))) {
            if (Keys.name(key).equals(jobNameOf(p)) && JobPods.hasFinalizer(p)
                    && !releasing.contains(p.getMetadata().getUid())) {
                release(p);
            }
        }
    }

    private static String jobNameOf(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        return ref != null && "Job".equals(ref.getKind()) ? ref.getName() : null;
    }

    /** Removes the tracking finalizer. */
    private void release(Pod pod) {
        releasing.add(pod.getMetadata().getUid());
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .edit(p -> {
                        if (p.getMetadata().getFinalizers() != null) {
                            List<String> f = new ArrayList<>(p.getMetadata().getFinalizers());
                            f.remove(JobPods.TRACKING_FINALIZER);
                            p.getMetadata().setFinalizers(f);
                        }
                        return p;
                    });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                releasing.remove(pod.getMetadata().getUid());
                throw e;
            }
        }
    }

    /** One sync of one Job, computing its next status from its pods. */
    private final class Sync {
        private final String key;
        private Job job;
        private final List<Pod> owned;
        private final JobSpec spec;
        private final Instant now = clock.instant();
        private final boolean indexed;
        private final int completionsOrZero;

        Sync(String key, Job job, List<Pod> owned) {
            this.key = key;
            this.job = job;
            this.owned = owned;
            this.spec = job.getSpec();
            this.indexed = "Indexed".equals(spec.getCompletionMode());
            this.completionsOrZero = spec.getCompletions() == null ? 0 : spec.getCompletions();
        }

        void run() throws Exception {
            JobStatus old = job.getStatus() == null ? new JobStatus() : job.getStatus();
            UncountedTerminatedPods oldUncounted = old.getUncountedTerminatedPods();
            Set<String> uncountedSucceeded = new LinkedHashSet<>(oldUncounted == null
                    || oldUncounted.getSucceeded() == null ? List.of() : oldUncounted.getSucceeded());
            Set<String> uncountedFailed = new LinkedHashSet<>(oldUncounted == null
                    || oldUncounted.getFailed() == null ? List.of() : oldUncounted.getFailed());
            TreeSet<Integer> completed = CompletedIndexes.parse(old.getCompletedIndexes(), completionsOrZero);
            TreeSet<Integer> failedIndexes = CompletedIndexes.parse(old.getFailedIndexes(), completionsOrZero);
            boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
            List<JobCondition> conditions = old.getConditions() == null ? new ArrayList<>()
                    : new ArrayList<>(old.getConditions());
            JobCondition target = JobConditions.find(conditions, JobConditions.FAILURE_TARGET);
            String failReason = target != null && "True".equals(target.getStatus()) ? target.getReason() : null;
            String failMessage = failReason == null ? null : target.getMessage();

            // 1. Pods that ended since the last sync.
            int newSucceeded = 0;
            int newFailed = 0;
            List<Pod> ignored = new ArrayList<>();
            for (Pod p : owned) {
                String uid = p.getMetadata().getUid();
                if (!JobPods.hasFinalizer(p) || releasing.contains(uid) || uncountedSucceeded.contains(uid)
                        || uncountedFailed.contains(uid)) {
                    continue;
                }
                Integer index = indexed ? JobPods.index(p, completionsOrZero) : null;
                if (JobPods.succeeded(p)) {
                    uncountedSucceeded.add(uid);
                    newSucceeded++;
                    if (index != null) {
                        completed.add(index);
                    }
                } else if (JobPods.failed(p) || p.getMetadata().getDeletionTimestamp() != null) {
                    // A pod deleted by someone else before it finished counts as failed.
                    PodFailurePolicies.Match match = JobPods.failed(p)
                            ? PodFailurePolicies.match(spec.getPodFailurePolicy(), p) : null;
                    if (match != null && PodFailurePolicies.IGNORE.equals(match.action())) {
                        ignored.add(p);
                        continue;
                    }
                    uncountedFailed.add(uid);
                    newFailed++;
                    if (match != null && PodFailurePolicies.FAIL_JOB.equals(match.action()) && failReason == null) {
                        failReason = POD_FAILURE_POLICY;
                        failMessage = match.message();
                    }
                    if (index != null && (match != null && PodFailurePolicies.FAIL_INDEX.equals(match.action())
                            || spec.getBackoffLimitPerIndex() != null
                            && JobPods.indexFailures(p) + 1 > spec.getBackoffLimitPerIndex())) {
                        failedIndexes.add(index);
                    }
                }
            }
            backoff.observe(key, newSucceeded, newFailed, now);
            // 2. Record them as uncounted, 3. release them, 4. count them.
            if (newSucceeded + newFailed > 0) {
                JobStatus recorded = new JobStatusBuilder(old)
                        .withUncountedTerminatedPods(uncounted(uncountedSucceeded, uncountedFailed))
                        .withCompletedIndexes(indexed ? CompletedIndexes.format(completed) : null)
                        .withFailedIndexes(indexed && !failedIndexes.isEmpty()
                                ? CompletedIndexes.format(failedIndexes) : old.getFailedIndexes())
                        .build();
                writeStatus(recorded);
            }
            for (Pod p : owned) {
                String uid = p.getMetadata().getUid();
                if (JobPods.hasFinalizer(p) && !releasing.contains(uid) && (uncountedSucceeded.contains(uid)
                        || uncountedFailed.contains(uid) || ignored.contains(p))) {
                    release(p);
                }
            }
            int succeeded = (old.getSucceeded() == null ? 0 : old.getSucceeded()) + uncountedSucceeded.size();
            if (indexed) {
                succeeded = completed.size();
            }
            int failed = (old.getFailed() == null ? 0 : old.getFailed()) + uncountedFailed.size();

            // 5. Decide.
            List<Pod> active = owned.stream().filter(Pods::isActive).toList();
            String startTime = old.getStartTime();
            int backoffLimit = spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit();
            if (failReason == null && (failed > backoffLimit || pastBackoffLimitOnFailure(active, backoffLimit))) {
                failReason = BACKOFF_LIMIT_EXCEEDED;
                failMessage = "Job has reached the specified backoff limit";
            }
            if (failReason == null && spec.getMaxFailedIndexes() != null
                    && failedIndexes.size() > spec.getMaxFailedIndexes()) {
                failReason = MAX_FAILED_INDEXES_EXCEEDED;
                failMessage = "Job has exceeded the specified maximal number of failed indexes";
            }
            if (failReason == null && !suspended && deadlineExceeded(startTime)) {
                failReason = DEADLINE_EXCEEDED;
                failMessage = "Job was active longer than specified deadline";
            }
            JobCondition met = JobConditions.find(conditions, JobConditions.SUCCESS_CRITERIA_MET);
            boolean success = met != null && "True".equals(met.getStatus());
            String successReason = success ? met.getReason() : COMPLETIONS_REACHED;
            String successMessage = success ? met.getMessage() : "Reached expected number of succeeded pods";
            Integer rule = indexed && !success && failReason == null
                    ? SuccessPolicies.matchingRule(spec.getSuccessPolicy(), completed, completionsOrZero) : null;
            if (rule != null) {
                success = true;
                successReason = SUCCESS_POLICY;
                successMessage = "Matched rules at index " + rule;
            }
            if (failReason == null && !success) {
                if (indexed) {
                    if (completed.size() + failedIndexes.size() >= completionsOrZero) {
                        if (failedIndexes.isEmpty()) {
                            success = true;
                        } else {
                            failReason = FAILED_INDEXES;
                            failMessage = "Job has failed indexes";
                        }
                    }
                } else if (spec.getCompletions() != null) {
                    success = succeeded >= spec.getCompletions();
                } else {
                    success = succeeded > 0 && active.isEmpty();
                }
            }
            String nowText = Times.format(now);
            String completionTime = old.getCompletionTime();
            List<Pod> remaining = active;
            if (failReason != null) {
                conditions = JobConditions.set(conditions, JobConditions.FAILURE_TARGET, "True", failReason,
                        failMessage, nowText);
                remaining = deleteAll(active);
                if (remaining.isEmpty() && terminating(owned) == 0) {
                    conditions = JobConditions.set(conditions, JobConditions.FAILED, "True", failReason, failMessage,
                            nowText);
                    recorder.warning(job, failReason, failMessage);
                }
            } else if (success) {
                conditions = JobConditions.set(conditions, JobConditions.SUCCESS_CRITERIA_MET, "True",
                        successReason, successMessage, nowText);
                remaining = deleteAll(active);
                if (remaining.isEmpty() && terminating(owned) == 0) {
                    conditions = JobConditions.set(conditions, JobConditions.COMPLETE, "True", successReason,
                            successMessage, nowText);
                    completionTime = nowText;
                    recorder.normal(job, COMPLETED, "Job completed");
                }
            } else if (suspended) {
                remaining = deleteAll(active);
                if (!JobConditions.isTrue(conditions, JobConditions.SUSPENDED)) {
                    conditions = JobConditions.set(conditions, JobConditions.SUSPENDED, "True", "JobSuspended",
                            "Job suspended", nowText);
                    recorder.normal(job, "Suspended", "Job suspended");
                }
                startTime = null; // the deadline counts from the resume
            } else {
                if (JobConditions.isTrue(conditions, JobConditions.SUSPENDED)) {
                    conditions = JobConditions.set(conditions, JobConditions.SUSPENDED, "False", "JobResumed",
                            "Job resumed", nowText);
                    recorder.normal(job, "Resumed", "Job resumed");
                    startTime = null;
                }
                if (startTime == null) {
                    startTime = nowText;
                }
                if (spec.getActiveDeadlineSeconds() != null) {
                    Instant deadline = Times.parse(startTime).plusSeconds(spec.getActiveDeadlineSeconds());
                    queue.addAfter(key, Duration.between(now, deadline).plusMillis(100));
                }
                if (expectations.satisfied(key)) {
                    remaining = indexed ? manageIndexed(active, completed, failedIndexes) : manage(active, succeeded);
                }
            }
            int ready = (int) remaining.stream().filter(Pods::isReady).count();
            JobStatus next = new JobStatusBuilder()
                    .withStartTime(startTime)
                    .withCompletionTime(completionTime)
                    .withActive(remaining.isEmpty() ? null : remaining.size())
                    .withReady(ready)
                    .withSucceeded(succeeded == 0 ? null : succeeded)
                    .withFailed(failed == 0 ? null : failed)
                    .withTerminating(terminating(owned))
                    .withCompletedIndexes(indexed ? CompletedIndexes.format(completed) : null)
                    .withFailedIndexes(indexed && !failedIndexes.isEmpty() ? CompletedIndexes.format(failedIndexes)
                            : null)
                    .withUncountedTerminatedPods(new UncountedTerminatedPods())
                    .withConditions(conditions.isEmpty() ? null : conditions)
                    .build();
            JobStatus current = job.getStatus() == null ? new JobStatus() : job.getStatus();
            if (!next.equals(current)) {
                writeStatus(next);
            }
        }

        private UncountedTerminatedPods uncounted(Set<String> succeeded, Set<String> failed) {
            return new UncountedTerminatedPods(new ArrayList<>(failed), new ArrayList<>(succeeded));
        }

        private void writeStatus(JobStatus status) {
            Job copy = new JobBuilder(job).withStatus(status).build();
            job = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(copy)
                    .updateStatus();
            written.record(key, job);
        }

        private boolean pastBackoffLimitOnFailure(List<Pod> active, int backoffLimit) {
            if (spec.getTemplate().getSpec() == null
                    || !"OnFailure".equals(spec.getTemplate().getSpec().getRestartPolicy())) {
                return false;
            }
            int restarts = active.stream().mapToInt(JobPods::restarts).sum();
            return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
        }

        private boolean deadlineExceeded(String startTime) {
            if (spec.getActiveDeadlineSeconds() == null || startTime == null) {
                return false;
            }
            return !now.isBefore(Times.parse(startTime).plusSeconds(spec.getActiveDeadlineSeconds()));
        }

        private int terminating(List<Pod> pods) {
            int n = 0;
            for (Pod p : pods) {
                if (p.getMetadata().getDeletionTimestamp() != null && !JobPods.succeeded(p) && !JobPods.failed(p)) {
                    n++;
                }
            }
            return n;
        }

        /** Non-indexed: keep min(parallelism, completions left) pods running. */
        private List<Pod> manage(List<Pod> active, int succeeded) {
            int parallelism = spec.getParallelism() == null ? 1 : spec.getParallelism();
            int want;
            if (spec.getCompletions() != null) {
                want = Math.max(0, Math.min(parallelism, spec.getCompletions() - succeeded));
            } else {
                // Work-queue mode: once one pod succeeded, the rest finish on their own.
                want = succeeded > 0 ? Math.min(active.size(), parallelism) : parallelism;
            }
            if (active.size() > want) {
                List<Pod> ordered = new ArrayList<>(active);
                // Delete pods that are not ready, then the newest, first.
                ordered.sort(Comparator.comparing((Pod p) -> Pods.isReady(p))
                        .thenComparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()),
                                Comparator.reverseOrder()));
                List<Pod> victims = ordered.subList(0, Math.min(BURST, active.size() - want));
                List<Pod> kept = new ArrayList<>(active);
                deleteAll(victims);
                kept.removeAll(victims);
                return kept;
            }
            if (active.size() < want) {
                create(Math.min(BURST, want - active.size()), null);
            }
            return active;
        }

        /** Indexed: one pod per index that is neither completed nor failed, lowest first. */
        private List<Pod> manageIndexed(List<Pod> active, Set<Integer> completed, Set<Integer> failedIndexes) {
            int parallelism = spec.getParallelism() == null ? 1 : spec.getParallelism();
            Set<Integer> running = new HashSet<>();
            List<Pod> extra = new ArrayList<>();
            for (Pod p : active) {
                Integer i = JobPods.index(p, completionsOrZero);
                if (i == null || completed.contains(i) || failedIndexes.contains(i) || !running.add(i)) {
                    extra.add(p);
                }
            }
            List<Pod> kept = new ArrayList<>(active);
            if (!extra.isEmpty()) {
                deleteAll(extra);
                kept.removeAll(extra);
                return kept;
            }
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < completionsOrZero && pending.size() < parallelism - active.size(); i++) {
                if (!completed.contains(i) && !failedIndexes.contains(i) && !running.contains(i)) {
                    pending.add(i);
                }
            }
            if (!pending.isEmpty()) {
                create(Math.min(BURST, pending.size()), pending);
            }
            return kept;
        }

        /** Creates {@code count} pods (with the given indexes, if indexed), unless backing off. */
        private void create(int count, List<Integer> indexes) {
            Duration wait = backoff.remaining(key, now);
            if (!wait.isZero()) {
                queue.addAfter(key, wait.plusMillis(10));
                return;
            }
            expectations.expectCreations(key, count);
            for (int i = 0; i < count; i++) {
                Integer index = indexes == null ? null : indexes.get(i);
                Pod pod = JobPods.build(job, index, client.getKubernetesSerialization());
                if (index != null && spec.getBackoffLimitPerIndex() != null) {
                    pod.getMetadata().getAnnotations().put(JobPods.INDEX_FAILURE_COUNT,
                            String.valueOf(failuresOf(index)));
                }
                try {
                    Pod created = client.pods().inNamespace(job.getMetadata().getNamespace()).resource(pod).create();
                    recorder.normal(job, SUCCESSFUL_CREATE, "Created pod: " + created.getMetadata().getName());
                } catch (KubernetesClientException e) {
                    for (int j = i; j < count; j++) {
                        expectations.creationObserved(key);
                    }
                    recorder.warning(job, FAILED_CREATE, "Error creating: " + e.getMessage());
                    throw e;
                }
            }
        }

        /** How often pods of {@code index} failed so far: one more than its last failed pod had counted. */
        private int failuresOf(int index) {
            int failures = 0;
            for (Pod p : owned) {
                if (JobPods.failed(p) && Integer.valueOf(index).equals(JobPods.index(p, completionsOrZero))) {
                    failures = Math.max(failures, JobPods.indexFailures(p) + 1);
                }
            }
            return failures;
        }

        /** Releases and deletes {@code victims}; what is left of them (nothing, unless a delete failed). */
        private List<Pod> deleteAll(List<Pod> victims) {
            if (victims.isEmpty()) {
                return List.of();
            }
            Set<String> keys = new HashSet<>();
            victims.forEach(p -> keys.add(Keys.of(p)));
            expectations.expectDeletions(key, keys);
            for (Pod p : victims) {
                try {
                    if (JobPods.hasFinalizer(p)) {
                        release(p);
                    }
                    client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
                            .delete();
                    recorder.normal(job, SUCCESSFUL_DELETE, "Deleted pod: " + p.getMetadata().getName());
                } catch (KubernetesClientException e) {
                    expectations.deletionObserved(key, Keys.of(p));
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
            return List.of();
        }
    }
}
