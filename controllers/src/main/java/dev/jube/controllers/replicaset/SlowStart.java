package dev.jube.controllers.replicaset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Upstream's slow-start batching: run {@code count} calls in batches of 1, 2, 4, ... in parallel,
 * stopping after the first batch with a failure. A controller that cannot create pods (quota,
 * a broken template) then fails with one or a few calls instead of hundreds.
 */
public final class SlowStart {

    /** What happened: how many calls succeeded, and the first failure (null if none). */
    public record Result(int successes, Exception firstError) {}

    /** One call; {@code index} counts from 0 across batches. */
    public interface Call {
        void run(int index) throws Exception;
    }

    private SlowStart() {}

    public static Result run(int count, int initialBatch, Call call) throws InterruptedException {
        int successes = 0;
        int done = 0;
        int batch = Math.min(count, Math.max(1, initialBatch));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            while (batch > 0) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    int index = done + i;
                    futures.add(pool.submit(() -> {
                        call.run(index);
                        return null;
                    }));
                }
                Exception error = null;
                for (Future<?> f : futures) {
                    try {
                        f.get();
                        successes++;
                    } catch (ExecutionException e) {
                        if (error == null) {
                            error = e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
                        }
                    }
                }
                done += batch;
                if (error != null) {
                    return new Result(successes, error);
                }
                batch = Math.min(2 * batch, count - done);
            }
        }
        return new Result(successes, null);
    }
}
