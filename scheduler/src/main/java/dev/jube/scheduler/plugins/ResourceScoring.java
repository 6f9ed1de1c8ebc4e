package dev.jube.scheduler.plugins;

import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Resource;
import dev.jube.scheduler.framework.ScorePlugin;
import java.util.List;

/**
 * Upstream's resource allocation scorers, over the resources and weights configured: least and
 * most allocated, requested-to-capacity ratio, and the balance used by BalancedAllocation.
 */
public final class ResourceScoring {

    private ResourceScoring() {}

    /** A resource and how much it counts. */
    public record ResourceWeight(String name, long weight) {}

    /** One point of the requested-to-capacity shape: utilization 0..100 maps to score 0..10. */
    public record ShapePoint(int utilization, int score) {}

    public static final List<ResourceWeight> DEFAULT_RESOURCES =
            List.of(new ResourceWeight(Resource.CPU, 1), new ResourceWeight(Resource.MEMORY, 1));

    /** The allocatable and requested-after-placement amounts of each resource; zero allocatable means skip. */
    static long[][] allocatableAndRequested(NodeInfo node, PodInfo pod, List<ResourceWeight> resources,
                                            boolean useRequested) {
        long[] alloc = new long[resources.size()];
        long[] req = new long[resources.size()];
        for (int i = 0; i < resources.size(); i++) {
            String r = resources.get(i).name();
            long podReq = useRequested ? pod.requests().get(r) : pod.nonZeroRequests().get(r);
            boolean scalar = !r.equals(Resource.CPU) && !r.equals(Resource.MEMORY)
                    && !r.equals(Resource.EPHEMERAL_STORAGE) && !r.equals(Resource.PODS);
            if (scalar && podReq == 0) {
                continue;
            }
            alloc[i] = node.allocatable().get(r);
            long nodeReq = (r.equals(Resource.CPU) || r.equals(Resource.MEMORY)) && !useRequested
                    ? node.nonZeroRequested().get(r) : node.requested().get(r);
            req[i] = nodeReq + podReq;
        }
        return new long[][] {alloc, req};
    }

    public static long leastAllocated(long[] requested, long[] allocatable, List<ResourceWeight> resources) {
        long score = 0;
        long weights = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            long s = requested[i] > allocatable[i] ? 0
                    : (allocatable[i] - requested[i]) * ScorePlugin.MAX_SCORE / allocatable[i];
            score += s * resources.get(i).weight();
            weights += resources.get(i).weight();
        }
        return weights == 0 ? 0 : score / weights;
    }

    public static long mostAllocated(long[] requested, long[] allocatable, List<ResourceWeight> resources) {
        long score = 0;
        long weights = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            long r = Math.min(requested[i], allocatable[i]);
            score += r * ScorePlugin.MAX_SCORE / allocatable[i] * resources.get(i).weight();
            weights += resources.get(i).weight();
        }
        return weights == 0 ? 0 : score / weights;
    }

    public static long requestedToCapacityRatio(long[] requested, long[] allocatable, List<ResourceWeight> resources,
                                                List<ShapePoint> shape) {
        double score = 0;
        long weights = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            long utilization = requested[i] > allocatable[i] ? 100 : requested[i] * 100 / allocatable[i];
            long s = brokenLinear(shape, utilization);
            if (s > 0) {
                score += (double) s * resources.get(i).weight();
                weights += resources.get(i).weight();
            }
        }
        return weights == 0 ? 0 : Math.round(score / weights);
    }

    /** The shape (scores scaled from 0..10 to 0..100) interpolated linearly at utilization {@code p}. */
    static long brokenLinear(List<ShapePoint> shape, long p) {
        long scale = ScorePlugin.MAX_SCORE / 10;
        for (int i = 0; i < shape.size(); i++) {
            ShapePoint pt = shape.get(i);
            if (p <= pt.utilization()) {
                if (i == 0) {
                    return pt.score() * scale;
                }
                ShapePoint prev = shape.get(i - 1);
                return prev.score() * scale + (pt.score() * scale - prev.score() * scale) * (p - prev.utilization())
                        / (pt.utilization() - prev.utilization());
            }
        }
        return shape.getLast().score() * scale;
    }

    /** 100 × (1 − standard deviation of the requested fractions), fractions capped at 1. */
    public static long balanced(long[] requested, long[] allocatable) {
        double[] fractions = new double[requested.length];
        int n = 0;
        double total = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            double f = Math.min(1.0, (double) requested[i] / allocatable[i]);
            fractions[n++] = f;
            total += f;
        }
        double std = 0;
        if (n == 2) {
            std = Math.abs((fractions[0] - fractions[1]) / 2);
        } else if (n > 2) {
            double mean = total / n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += (fractions[i] - mean) * (fractions[i] - mean);
            }
            std = Math.sqrt(sum / n);
        }
        return (long) ((1 - std) * ScorePlugin.MAX_SCORE);
    }
}
