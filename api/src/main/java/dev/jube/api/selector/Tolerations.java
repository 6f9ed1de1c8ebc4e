package dev.jube.api.selector;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Set;

/** Whether tolerations tolerate taints, as upstream's helpers define it. */
public final class Tolerations {

    private Tolerations() {}

    /**
     * An empty toleration effect matches every effect; operator Exists with an empty key matches
     * every taint; Equal (the default) needs equal values. tolerationSeconds only matters for
     * eviction, not for scheduling.
     */
    public static boolean tolerates(Toleration t, Taint taint) {
        String effect = t.getEffect() == null ? "" : t.getEffect();
        if (!effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String key = t.getKey() == null ? "" : t.getKey();
        String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
        if (!key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        return switch (op) {
            case "Exists" -> true;
            case "Equal" -> nullToEmpty(t.getValue()).equals(nullToEmpty(taint.getValue()));
            default -> false;
        };
    }

    public static boolean toleratedBy(Taint taint, List<Toleration> tolerations) {
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /** The first taint with one of {@code effects} that no toleration tolerates, or null. */
    public static Taint firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Set<String> effects) {
        for (Taint taint : taints) {
            if (effects.contains(taint.getEffect()) && !toleratedBy(taint, tolerations)) {
                return taint;
            }
        }
        return null;
    }

    /** The tolerations among {@code tolerations} that tolerate {@code taint}. */
    public static List<Toleration> matching(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return List.of();
        }
        return tolerations.stream().filter(t -> tolerates(t, taint)).toList();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
