package dev.jube.scheduler.framework;

import java.util.List;
import java.util.Objects;

/**
 * A plugin's verdict: a code, the reasons shown to users (each counted in the FailedScheduling
 * message), and the plugin that gave it.
 */
public record Status(Code code, List<String> reasons, String plugin) {

    public static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), null);
    public static final Status SKIP = new Status(Code.SKIP, List.of(), null);

    public Status {
        Objects.requireNonNull(code, "code");
        reasons = List.copyOf(reasons);
    }

    public static Status of(Code code, String... reasons) {
        return new Status(code, List.of(reasons), null);
    }

    public static Status unschedulable(String... reasons) {
        return of(Code.UNSCHEDULABLE, reasons);
    }

    public static Status unresolvable(String... reasons) {
        return of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, reasons);
    }

    public static Status error(String message) {
        return of(Code.ERROR, message);
    }

    public static Status error(Throwable t) {
        return of(Code.ERROR, t.getMessage() == null ? t.toString() : t.getMessage());
    }

    public Status withPlugin(String name) {
        return plugin != null ? this : new Status(code, reasons, name);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** Unschedulable or UnschedulableAndUnresolvable. */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    public String message() {
        return String.join(", ", reasons);
    }

    @Override
    public String toString() {
        return code + (reasons.isEmpty() ? "" : ": " + message()) + (plugin == null ? "" : " (" + plugin + ")");
    }
}
