package dev.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.List;

/** A pod with what the plugins need from it parsed once: affinity terms and resource requests. */
public final class PodInfo {

    private final Pod pod;
    private final List<AffinityTerm> requiredAffinity;
    private final List<AffinityTerm> requiredAntiAffinity;
    private final List<AffinityTerm> preferredAffinity;
    private final List<AffinityTerm> preferredAntiAffinity;
    private final Resource requests;
    private final Resource nonZeroRequests;
    private final String parseError;

    public PodInfo(Pod pod) {
        this.pod = pod;
        List<AffinityTerm> ra = List.of();
        List<AffinityTerm> raa = List.of();
        List<AffinityTerm> pa = List.of();
        List<AffinityTerm> paa = List.of();
        Resource req = new Resource();
        Resource nz = new Resource();
        String error = null;
        try {
            Affinity a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
            if (a != null && a.getPodAffinity() != null) {
                ra = required(a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
                pa = preferred(a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
            }
            if (a != null && a.getPodAntiAffinity() != null) {
                raa = required(a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
                paa = preferred(a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
            }
            req = Resource.podRequests(pod, false);
            nz = Resource.podRequests(pod, true);
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        this.requiredAffinity = ra;
        this.requiredAntiAffinity = raa;
        this.preferredAffinity = pa;
        this.preferredAntiAffinity = paa;
        this.requests = req;
        this.nonZeroRequests = nz;
        this.parseError = error;
    }

    private List<AffinityTerm> required(List<PodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (PodAffinityTerm t : terms) {
            out.add(AffinityTerm.of(t, pod, 0));
        }
        return List.copyOf(out);
    }

    private List<AffinityTerm> preferred(List<WeightedPodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (WeightedPodAffinityTerm t : terms) {
            out.add(AffinityTerm.of(t.getPodAffinityTerm(), pod, t.getWeight() == null ? 0 : t.getWeight()));
        }
        return List.copyOf(out);
    }

    public Pod pod() {
        return pod;
    }

    public String namespace() {
        return pod.getMetadata().getNamespace();
    }

    public String name() {
        return pod.getMetadata().getName();
    }

    public String uid() {
        return pod.getMetadata().getUid();
    }

    public List<AffinityTerm> requiredAffinity() {
        return requiredAffinity;
    }

    public List<AffinityTerm> requiredAntiAffinity() {
        return requiredAntiAffinity;
    }

    public List<AffinityTerm> preferredAffinity() {
        return preferredAffinity;
    }

    public List<AffinityTerm> preferredAntiAffinity() {
        return preferredAntiAffinity;
    }

    public boolean hasAffinity() {
        return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty() || !preferredAffinity.isEmpty()
                || !preferredAntiAffinity.isEmpty();
    }

    /** The pod's effective resource request (init containers and overhead included). */
    public Resource requests() {
        return requests;
    }

    /** As {@link #requests()}, with unset CPU and memory requests counted as the scoring defaults. */
    public Resource nonZeroRequests() {
        return nonZeroRequests;
    }

    /** Why the pod's spec could not be read (a bad quantity or selector), or null. */
    public String parseError() {
        return parseError;
    }

    @Override
    public String toString() {
        return namespace() + "/" + name();
    }
}
