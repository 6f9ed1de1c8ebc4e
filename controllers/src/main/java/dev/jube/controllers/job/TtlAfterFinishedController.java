package dev.jube.controllers.job;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.Times;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes finished Jobs {@code ttlSecondsAfterFinished} after they finished (upstream's
 * ttl-after-finished controller), with foreground propagation so their pods go first.
 */
public final class TtlAfterFinishedController implements Controller {

    private final Clock clock;
    private KubernetesClient client;
    private SharedIndexInformer<Job> jobs;
    private WorkQueue queue;

    public TtlAfterFinishedController() {
        this(Clock.systemUTC());
    }

    public TtlAfterFinishedController(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ttl-after-finished";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.jobs = context.informer(Job.class);
        jobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                enqueue(job);
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                enqueue(newJob);
            }

            @Override
            public void onDelete(Job job, boolean unknown) {}
        });
    }

    private void enqueue(Job job) {
        if (job.getMetadata().getDeletionTimestamp() == null && job.getSpec().getTtlSecondsAfterFinished() != null
                && JobConditions.isFinished(job)) {
            queue.add(Keys.of(job));
        }
    }

    @Override
    public void reconcile(String key) {
        Job job = jobs.getIndexer().getByKey(key);
        if (job == null || job.getMetadata().getDeletionTimestamp() != null
                || job.getSpec().getTtlSecondsAfterFinished() == null) {
            return;
        }
        Instant finished = finishTime(job);
        if (finished == null) {
            return;
        }
        Instant expiry = finished.plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
        Instant now = clock.instant();
        if (now.isBefore(expiry)) {
            queue.addAfter(key, Duration.between(now, expiry));
            return;
        }
        // Read the Job fresh: its TTL may have been changed since the cache saw it.
        Job fresh = client.batch().v1().jobs().inNamespace(Keys.namespace(key)).withName(Keys.name(key)).get();
        if (fresh == null || fresh.getSpec().getTtlSecondsAfterFinished() == null
                || !fresh.getMetadata().getUid().equals(job.getMetadata().getUid())) {
            return;
        }
        if (!fresh.getSpec().getTtlSecondsAfterFinished().equals(job.getSpec().getTtlSecondsAfterFinished())) {
            queue.add(key);
            return;
        }
        try {
            client.batch().v1().jobs().inNamespace(Keys.namespace(key)).withName(Keys.name(key))
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** When the Complete or Failed condition became true. */
    private static Instant finishTime(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                return c.getLastTransitionTime() == null ? null : Times.parse(c.getLastTransitionTime());
            }
        }
        return null;
    }
}
