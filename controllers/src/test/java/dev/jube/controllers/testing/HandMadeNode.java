package dev.jube.controllers.testing;

import dev.jube.controllers.framework.Times;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A node the test plays the kubelet of: it registers the Node with a Ready condition and renews
 * its Lease in kube-node-lease until {@link #stopRenewing()}, as a kubelet that dies would.
 */
public final class HandMadeNode implements AutoCloseable {

    private final KubernetesClient client;
    private final String name;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-renewer");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> renewing;

    private HandMadeNode(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    /** Registers a Ready node and starts renewing its lease every 500 ms. */
    public static HandMadeNode register(KubernetesClient client, String name) {
        HandMadeNode n = new HandMadeNode(client, name);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        n.postReady("True");
        client.leases().inNamespace("kube-node-lease").resource(new LeaseBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40)
                .withRenewTime(ZonedDateTime.now()).endSpec().build()).create();
        n.startRenewing();
        return n;
    }

    public String name() {
        return name;
    }

    public synchronized void startRenewing() {
        if (renewing == null) {
            renewing = renewer.scheduleWithFixedDelay(this::renew, 0, 500, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stopRenewing() {
        if (renewing != null) {
            renewing.cancel(false);
            renewing = null;
        }
    }

    private void renew() {
        try {
            client.leases().inNamespace("kube-node-lease").withName(name).edit(l -> new LeaseBuilder(l)
                    .editSpec().withRenewTime(ZonedDateTime.now()).endSpec().build());
        } catch (RuntimeException e) {
            // The next renewal tries again, as a kubelet's does.
        }
    }

    /** Posts the Ready condition (and healthy pressure conditions) as the kubelet's status update does. */
    public void postReady(String status) {
        String now = Times.now();
        Workloads.retryOnConflict(() -> client.nodes().withName(name).editStatus(n -> new NodeBuilder(n)
                .editOrNewStatus().withConditions(List.of(
                        new NodeConditionBuilder().withType("Ready").withStatus(status)
                                .withReason("True".equals(status) ? "KubeletReady" : "KubeletNotReady")
                                .withLastHeartbeatTime(now).withLastTransitionTime(now).build(),
                        new NodeConditionBuilder().withType("MemoryPressure").withStatus("False")
                                .withReason("KubeletHasSufficientMemory").withLastHeartbeatTime(now)
                                .withLastTransitionTime(now).build()))
                .endStatus().build()));
    }

    public Node get() {
        return client.nodes().withName(name).get();
    }

    public Lease lease() {
        return client.leases().inNamespace("kube-node-lease").withName(name).get();
    }

    @Override
    public void close() {
        stopRenewing();
        renewer.shutdownNow();
    }
}
