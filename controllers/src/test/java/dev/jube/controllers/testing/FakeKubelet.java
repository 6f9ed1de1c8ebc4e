package dev.jube.controllers.testing;

import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.Times;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for kubelets in controller tests: pods on a node (or every pod, if asked) are
 * reported Running and Ready through the status subresource, and pods marked for graceful
 * deletion are finished off (deleted with grace period 0), as a kubelet does once containers
 * stop. {@link #pause()} holds new pods in Pending so tests can build mixed states.
 */
public final class FakeKubelet implements AutoCloseable {

    private final KubernetesClient client;
    private final boolean allPods;
    private final SharedIndexInformer<Pod> informer;
    private final WorkQueue queue = new WorkQueue("fake-kubelet");
    private final Thread worker;
    private volatile boolean paused;

    private FakeKubelet(KubernetesClient client, boolean allPods) {
        this.client = client;
        this.allPods = allPods;
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                queue.add(Keys.of(pod));
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                queue.add(Keys.of(newPod));
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {}
        }, 0);
        this.worker = Thread.ofPlatform().daemon().name("fake-kubelet").start(this::run);
    }

    /** Runs pods that have a nodeName. */
    public static FakeKubelet forScheduledPods(KubernetesClient client) {
        return new FakeKubelet(client, false);
    }

    /** Runs every pod, scheduled or not. */
    public static FakeKubelet forAllPods(KubernetesClient client) {
        return new FakeKubelet(client, true);
    }

    /** New pods stay Pending (pods already running stay so) until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        informer.getIndexer().list().forEach(p -> queue.add(Keys.of(p)));
    }

    private void run() {
        while (true) {
            String key;
            try {
                key = queue.get();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            try {
                handle(informer.getIndexer().getByKey(key));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    queue.addRateLimited(key);
                }
            } finally {
                queue.done(key);
            }
        }
    }

    private void handle(Pod pod) {
        if (pod == null) {
            return;
        }
        boolean scheduled = pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
            return;
        }
        if (paused || !(scheduled || allPods) || isRunningAndReady(pod) || isTerminated(pod)) {
            return;
        }
        String now = Times.now();
        List<ContainerStatus> statuses = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> statuses.add(new ContainerStatusBuilder().withName(c.getName())
                .withImage(c.getImage()).withReady(true).withStarted(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build()));
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", now), condition("Initialized", now),
                condition("ContainersReady", now), condition("Ready", now));
        Pod running = new PodBuilder(pod).editOrNewStatus().withPhase("Running").withConditions(conditions)
                .withContainerStatuses(statuses).withStartTime(now).withPodIP("10.0.0.1").endStatus().build();
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(running).updateStatus();
    }

    private static PodCondition condition(String type, String now) {
        return new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(now).build();
    }

    /** A pod that ended (e.g. a Job's pod a test marked Succeeded) never runs again. */
    private static boolean isTerminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static boolean isRunningAndReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && dev.jube.controllers.framework.Pods.isReady(pod);
    }

    @Override
    public void close() {
        queue.shutDown();
        informer.stop();
        worker.interrupt();
    }
}
