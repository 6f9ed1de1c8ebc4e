package dev.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * maxSurge and maxUnavailable: an absolute number or a percentage of the desired replicas.
 * Percentages round up for surge and down for unavailability, as upstream does, so a rollout
 * always makes progress and never drops more pods than asked.
 */
public final class IntOrPercent {

    private IntOrPercent() {}

    /** The value scaled against {@code total}; percentages round up or down as asked. */
    public static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage: " + s);
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + s + "\": " + e.getMessage());
        }
        double exact = (double) percent * total / 100.0;
        return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }

    /** Surge and unavailability for {@code desired} replicas; both 0 becomes unavailability 1. */
    public record Fenceposts(int maxSurge, int maxUnavailable) {}

    public static Fenceposts resolve(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = scaled(maxSurge, desired, true);
        int unavailable = scaled(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            // Otherwise the rollout could never start: no room above, none below.
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }
}
