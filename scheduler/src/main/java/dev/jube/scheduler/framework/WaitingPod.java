package dev.jube.scheduler.framework;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A pod a Permit plugin parked: it binds once every waiting plugin allows it, and fails on a reject or time-out. */
public final class WaitingPod {

    private final PodInfo pod;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Status> outcome = new CompletableFuture<>();

    WaitingPod(PodInfo pod, java.util.Map<String, Duration> waits) {
        this.pod = pod;
        pending.addAll(waits.keySet());
        waits.forEach((plugin, timeout) -> CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> reject(plugin, "rejected due to timeout after waiting " + timeout.toMillis()
                        + "ms at plugin " + plugin)));
    }

    public PodInfo pod() {
        return pod;
    }

    public void allow(String plugin) {
        pending.remove(plugin);
        if (pending.isEmpty()) {
            outcome.complete(Status.SUCCESS);
        }
    }

    public void reject(String plugin, String message) {
        outcome.complete(new Status(Code.UNSCHEDULABLE, java.util.List.of(message), plugin));
    }

    Status await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return Status.error(e.getCause());
        }
    }
}
