package dev.jube.scheduler.framework;

import java.time.Duration;

/** Approves, rejects or delays the binding of a pod (gang scheduling and the like). */
public interface PermitPlugin extends Plugin {

    /** WAIT with a timeout parks the pod until {@code WaitingPod.allow/reject} or the timeout. */
    record Result(Status status, Duration timeout) {
        public static Result allow() {
            return new Result(Status.SUCCESS, Duration.ZERO);
        }
    }

    Result permit(CycleState state, PodInfo pod, String nodeName);
}
