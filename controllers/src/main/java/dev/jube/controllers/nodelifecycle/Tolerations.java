package dev.jube.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Objects;

/** Whether a pod's tolerations match a node's taints, as upstream's scheduling helpers decide. */
public final class Tolerations {

    private Tolerations() {}

    /** Upstream's Toleration.ToleratesTaint. */
    public static boolean tolerates(Toleration t, Taint taint) {
        String effect = t.getEffect();
        if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String key = t.getKey() == null ? "" : t.getKey();
        String operator = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
        if (!key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        return switch (operator) {
            case "Exists" -> true;
            case "Equal" -> !key.isEmpty() && Objects.equals(nullToEmpty(t.getValue()), nullToEmpty(taint.getValue()));
            default -> false;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The tolerations among {@code tolerations} that tolerate {@code taint}. */
    public static List<Toleration> matching(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return List.of();
        }
        return tolerations.stream().filter(t -> tolerates(t, taint)).toList();
    }
}
