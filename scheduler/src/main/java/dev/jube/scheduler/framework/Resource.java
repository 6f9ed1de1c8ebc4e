package dev.jube.scheduler.framework;

import dev.jube.api.Quantity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of node resources: CPU in millicores, memory and ephemeral storage in bytes, a pod
 * count, and scalar resources (extended resources, hugepages) in their base units.
 */
public final class Resource {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    /** What a container without a CPU request counts as when spreading by usage (upstream's 0.1 CPU). */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    /** What a container without a memory request counts as when spreading by usage (200 MiB). */
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    public long milliCpu;
    public long memory;
    public long ephemeralStorage;
    public long allowedPodNumber;
    public final Map<String, Long> scalar = new TreeMap<>();

    public Resource() {}

    public Resource(long milliCpu, long memory) {
        this.milliCpu = milliCpu;
        this.memory = memory;
    }

    /** Parses a resource list such as a node's allocatable or a container's requests. */
    public static Resource of(Map<String, io.fabric8.kubernetes.api.model.Quantity> list) {
        Resource r = new Resource();
        if (list != null) {
            list.forEach((name, q) -> r.add(name, q));
        }
        return r;
    }

    public void add(String name, io.fabric8.kubernetes.api.model.Quantity q) {
        if (q == null) {
            return;
        }
        Quantity v = parse(name, q);
        switch (name) {
            case CPU -> milliCpu += v.milliValue();
            case MEMORY -> memory += v.value();
            case EPHEMERAL_STORAGE -> ephemeralStorage += v.value();
            case PODS -> allowedPodNumber += v.value();
            default -> scalar.merge(name, v.value(), Long::sum);
        }
    }

    private static Quantity parse(String name, io.fabric8.kubernetes.api.model.Quantity q) {
        String text = q.getFormat() == null ? q.getAmount() : q.getAmount() + q.getFormat();
        try {
            return Quantity.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid quantity for resource " + name + ": \"" + text + "\": "
                    + e.getMessage(), e);
        }
    }

    public void add(Resource o) {
        milliCpu += o.milliCpu;
        memory += o.memory;
        ephemeralStorage += o.ephemeralStorage;
        allowedPodNumber += o.allowedPodNumber;
        o.scalar.forEach((k, v) -> scalar.merge(k, v, Long::sum));
    }

    public void subtract(Resource o) {
        milliCpu -= o.milliCpu;
        memory -= o.memory;
        ephemeralStorage -= o.ephemeralStorage;
        allowedPodNumber -= o.allowedPodNumber;
        o.scalar.forEach((k, v) -> scalar.merge(k, -v, Long::sum));
    }

    /** Each amount the larger of this and {@code o}. */
    public void max(Resource o) {
        milliCpu = Math.max(milliCpu, o.milliCpu);
        memory = Math.max(memory, o.memory);
        ephemeralStorage = Math.max(ephemeralStorage, o.ephemeralStorage);
        allowedPodNumber = Math.max(allowedPodNumber, o.allowedPodNumber);
        o.scalar.forEach((k, v) -> scalar.merge(k, v, Math::max));
    }

    public long get(String name) {
        return switch (name) {
            case CPU -> milliCpu;
            case MEMORY -> memory;
            case EPHEMERAL_STORAGE -> ephemeralStorage;
            case PODS -> allowedPodNumber;
            default -> scalar.getOrDefault(name, 0L);
        };
    }

    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalar.values().stream().allMatch(v -> v == 0);
    }

    public Resource copy() {
        Resource r = new Resource(milliCpu, memory);
        r.ephemeralStorage = ephemeralStorage;
        r.allowedPodNumber = allowedPodNumber;
        r.scalar.putAll(scalar);
        return r;
    }

    /**
     * A pod's effective request as upstream computes it: the sum of its containers, at least the
     * largest init container (restartable "sidecar" init containers run alongside everything
     * after them, so they add up), plus the pod overhead.
     *
     * @param nonZero count containers without a CPU or memory request as the defaults, for scoring
     */
    public static Resource podRequests(Pod pod, boolean nonZero) {
        Resource reqs = new Resource();
        var spec = pod.getSpec();
        if (spec == null) {
            return reqs;
        }
        for (Container c : spec.getContainers()) {
            reqs.add(containerRequests(c, nonZero));
        }
        Resource sidecars = new Resource();
        Resource initMax = new Resource();
        for (Container c : spec.getInitContainers()) {
            Resource cr = containerRequests(c, nonZero);
            if ("Always".equals(c.getRestartPolicy())) {
                reqs.add(cr);
                sidecars.add(cr);
                initMax.max(sidecars);
            } else {
                Resource withSidecars = cr.copy();
                withSidecars.add(sidecars);
                initMax.max(withSidecars);
            }
        }
        reqs.max(initMax);
        if (spec.getOverhead() != null) {
            reqs.add(of(spec.getOverhead()));
        }
        return reqs;
    }

    private static Resource containerRequests(Container c, boolean nonZero) {
        Map<String, io.fabric8.kubernetes.api.model.Quantity> requests = new HashMap<>();
        if (c.getResources() != null) {
            // A limit without a request means request = limit, as the API server's defaulting does.
            if (c.getResources().getLimits() != null) {
                requests.putAll(c.getResources().getLimits());
            }
            if (c.getResources().getRequests() != null) {
                requests.putAll(c.getResources().getRequests());
            }
        }
        Resource r = of(requests);
        if (nonZero) {
            if (!requests.containsKey(CPU)) {
                r.milliCpu = DEFAULT_MILLI_CPU_REQUEST;
            }
            if (!requests.containsKey(MEMORY)) {
                r.memory = DEFAULT_MEMORY_REQUEST;
            }
        }
        return r;
    }

    @Override
    public String toString() {
        return "cpu=" + milliCpu + "m memory=" + memory + " ephemeral-storage=" + ephemeralStorage + " pods="
                + allowedPodNumber + (scalar.isEmpty() ? "" : " " + scalar);
    }
}
