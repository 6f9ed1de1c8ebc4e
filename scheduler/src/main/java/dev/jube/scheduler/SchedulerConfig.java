package dev.jube.scheduler;

import dev.jube.scheduler.framework.Profile;
import dev.jube.scheduler.plugins.Plugins;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * How the scheduler runs: its profiles, node sampling, parallelism, back-off and leader election.
 *
 * @param percentageOfNodesToScore 0 for upstream's adaptive percentage, else 1..100
 * @param parallelism              threads filtering and scoring nodes (upstream default 16)
 */
public record SchedulerConfig(List<Profile> profiles, int percentageOfNodesToScore, int parallelism,
                              Duration initialBackoff, Duration maxBackoff, Duration maxUnschedulable,
                              LeaderElection leaderElection) {

    /** Lease-based leader election: only the holder of the Lease schedules. */
    public record LeaderElection(boolean enabled, String namespace, String name, String identity,
                                 Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

        /** Upstream's defaults: kube-system/kube-scheduler, 15 s lease, 10 s renew deadline, 2 s retry. */
        public static LeaderElection defaults() {
            return new LeaderElection(true, "kube-system", "kube-scheduler", defaultIdentity(),
                    Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        }

        public static LeaderElection disabled() {
            return new LeaderElection(false, "kube-system", "kube-scheduler", defaultIdentity(),
                    Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        }

        public LeaderElection withIdentity(String id) {
            return new LeaderElection(enabled, namespace, name, id, leaseDuration, renewDeadline, retryPeriod);
        }

        public LeaderElection withTimings(Duration lease, Duration renew, Duration retry) {
            return new LeaderElection(enabled, namespace, name, identity, lease, renew, retry);
        }

        private static String defaultIdentity() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
            return host + "_" + UUID.randomUUID();
        }
    }

    public SchedulerConfig {
        if (profiles == null || profiles.isEmpty()) {
            throw new IllegalArgumentException("at least one scheduler profile is required");
        }
        if (profiles.stream().map(Profile::schedulerName).distinct().count() != profiles.size()) {
            throw new IllegalArgumentException("scheduler profiles must have distinct schedulerNames");
        }
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be in 0..100, got " + percentageOfNodesToScore);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
        }
        profiles = List.copyOf(profiles);
    }

    /** One default profile ("default-scheduler"), adaptive sampling, 1 s to 10 s back-off, leader election on. */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(List.of(Plugins.defaultProfile(Plugins.DEFAULT_SCHEDULER_NAME)), 0, 16,
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), LeaderElection.defaults());
    }

    public SchedulerConfig withProfiles(List<Profile> p) {
        return new SchedulerConfig(p, percentageOfNodesToScore, parallelism, initialBackoff, maxBackoff,
                maxUnschedulable, leaderElection);
    }

    public SchedulerConfig withLeaderElection(LeaderElection le) {
        return new SchedulerConfig(profiles, percentageOfNodesToScore, parallelism, initialBackoff, maxBackoff,
                maxUnschedulable, le);
    }

    public SchedulerConfig withBackoff(Duration initial, Duration max) {
        return new SchedulerConfig(profiles, percentageOfNodesToScore, parallelism, initial, max, maxUnschedulable,
                leaderElection);
    }

    public SchedulerConfig withPercentageOfNodesToScore(int pct) {
        return new SchedulerConfig(profiles, pct, parallelism, initialBackoff, maxBackoff, maxUnschedulable,
                leaderElection);
    }

    public SchedulerConfig withParallelism(int n) {
        return new SchedulerConfig(profiles, percentageOfNodesToScore, n, initialBackoff, maxBackoff, maxUnschedulable,
                leaderElection);
    }
}
