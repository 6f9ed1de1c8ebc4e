package dev.jube.controllers.job;

import dev.jube.controllers.framework.OwnerRefs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pods a Job runs, and what the Job controller reads from them. */
final class JobPods {

    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
    /** Failures of earlier pods of the same index, for backoffLimitPerIndex. */
    static final String INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";

    private JobPods() {}

    /**
     * A pod from the Job's template with the tracking finalizer and a controller reference; for
     * Indexed Jobs {@code index} goes into an annotation and label (read by the containers as
     * JOB_COMPLETION_INDEX) and the hostname.
     */
    static Pod build(Job job, Integer index, KubernetesSerialization serialization) {
        PodTemplateSpec template = job.getSpec().getTemplate();
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = tm.getLabels() == null ? new HashMap<>() : new HashMap<>(tm.getLabels());
        Map<String, String> annotations = tm.getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(tm.getAnnotations());
        List<String> finalizers = tm.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(tm.getFinalizers());
        finalizers.add(TRACKING_FINALIZER);
        PodSpec spec = serialization.clone(template.getSpec());
        String name = job.getMetadata().getName();
        String generateName = name + "-";
        if (index != null) {
            annotations.put(COMPLETION_INDEX, String.valueOf(index));
            labels.put(COMPLETION_INDEX, String.valueOf(index));
            generateName = name + "-" + index + "-";
            if (spec.getHostname() == null || spec.getHostname().isEmpty()) {
                spec.setHostname(name + "-" + index);
            }
            EnvVar env = new EnvVarBuilder().withName(INDEX_ENV).withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.annotations['" + COMPLETION_INDEX + "']").endFieldRef()
                    .endValueFrom().build();
            addEnv(spec.getInitContainers(), env);
            addEnv(spec.getContainers(), env);
        }
        return new PodBuilder().withNewMetadata()
                .withGenerateName(generateName)
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels.isEmpty() ? null : labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations)
                .withFinalizers(finalizers)
                .withOwnerReferences(OwnerRefs.controllerRef(job, "batch/v1", "Job"))
                .endMetadata().withSpec(spec).build();
    }

    private static void addEnv(List<Container> containers, EnvVar env) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            List<EnvVar> vars = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
            if (vars.stream().noneMatch(v -> INDEX_ENV.equals(v.getName()))) {
                vars.add(env);
            }
            c.setEnv(vars);
        }
    }

    /** The completion index of an Indexed Job's pod, or null if it has none that is valid. */
    static Integer index(Pod pod, int completions) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(COMPLETION_INDEX);
        if (v == null) {
            return null;
        }
        try {
            int i = Integer.parseInt(v);
            return i >= 0 && i < completions ? i : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The failures of earlier pods of this pod's index, as recorded when it was created. */
    static int indexFailures(Pod pod) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(INDEX_FAILURE_COUNT);
        try {
            return v == null ? 0 : Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean hasFinalizer(Pod pod) {
        List<String> f = pod.getMetadata().getFinalizers();
        return f != null && f.contains(TRACKING_FINALIZER);
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    static boolean succeeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    static boolean failed(Pod pod) {
        return "Failed".equals(phase(pod));
    }

    /** Restarts of an OnFailure pod's containers, which count towards the backoff limit. */
    static int restarts(Pod pod) {
        int n = 0;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (var s : pod.getStatus().getContainerStatuses()) {
                n += s.getRestartCount() == null ? 0 : s.getRestartCount();
            }
        }
        if (pod.getStatus() != null && pod.getStatus().getInitContainerStatuses() != null) {
            for (var s : pod.getStatus().getInitContainerStatuses()) {
                n += s.getRestartCount() == null ? 0 : s.getRestartCount();
            }
        }
        return n;
    }
}
