package dev.jube.kubelet.node;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.api.ApiException;
import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.v1.Image;
import dev.jube.kubelet.cri.v1.RuntimeCondition;
import dev.jube.kubelet.cri.v1.StatusResponse;
import dev.jube.kubelet.model.ContainerImage;
import dev.jube.kubelet.model.Node;
import dev.jube.kubelet.model.NodeAddress;
import dev.jube.kubelet.model.DaemonEndpoint;
import dev.jube.kubelet.model.NodeDaemonEndpoints;
import dev.jube.kubelet.model.NodeSpec;
import dev.jube.kubelet.model.ObjectMeta;
import dev.jube.kubelet.model.NodeCondition;
import dev.jube.kubelet.model.NodeStatus;
import dev.jube.kubelet.model.OwnerReference;
import dev.jube.kubelet.model.Lease;
import dev.jube.kubelet.model.LeaseSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the Node, keeps its status true (capacity, conditions, addresses, images) and renews
 * its Lease in kube-node-lease: the heartbeat the node lifecycle controller watches.
 */
final class NodeStatusReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeStatusReporter.class);
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final int LEASE_SECONDS = 40;
    /** The API's MicroTime: RFC 3339 with exactly six fractional digits. */
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
            .withZone(ZoneOffset.UTC);
    /** As the kubelet's nodeStatusUpdateRetry. */
    static final int STATUS_UPDATE_ATTEMPTS = 5;

    private final ApiClient client;
    private final NodeAgent.Config config;
    private final NodeFacts facts;
    private final CriClient cri;
    private final String registeredAt = now();
    private final Map<String, String[]> transitions = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread loop;

    NodeStatusReporter(ApiClient client, NodeAgent.Config config, NodeFacts facts, CriClient cri) {
        this.client = client;
        this.config = config;
        this.facts = facts;
        this.cri = cri;
    }

    /** Creates the Node (or takes over the one of an earlier run) and posts the first status. */
    Node register() {
        Node existing = client.nodes().get(null, config.nodeName());
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put("kubernetes.io/hostname", config.nodeName());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", facts.info().getArchitecture());
        if (existing == null) {
            NodeSpec spec = new NodeSpec();
            if (config.podCidr() != null) {
                spec.withPodCIDR(config.podCidr()).withPodCIDRs(List.of(config.podCidr()));
            }
            Node node = new Node().withApiVersion("v1").withKind("Node").withMetadata(new ObjectMeta()
                    .withName(config.nodeName()).withLabels(labels)
                    .withAnnotations(Map.of("node.alpha.kubernetes.io/ttl", "0"))).withSpec(spec);
            try {
                client.nodes().create(node);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        } else {
            Map<String, String> merged = new LinkedHashMap<>(existing.getMetadata().getLabels());
            merged.putAll(labels);
            existing.getMetadata().withLabels(merged);
            if (config.podCidr() != null && existing.getSpec().getPodCIDR() == null) {
                existing.getSpec().withPodCIDR(config.podCidr());
                existing.getSpec().withPodCIDRs(List.of(config.podCidr()));
            }
            client.nodes().update(existing);
        }
        postStatus();
        renewLease();
        return client.nodes().get(null, config.nodeName());
    }

    void startHeartbeats(Duration leaseEvery, Duration statusEvery) {
        loop = Thread.ofVirtual().name("node-heartbeat").start(() -> {
            Instant nextStatus = Instant.now().plus(statusEvery);
            while (!closed) {
                try {
                    Thread.sleep(leaseEvery.toMillis());
                    renewLease();
                    if (Instant.now().isAfter(nextStatus) || !fingerprint().equals(lastFingerprint)) {
                        postStatus();
                        nextStatus = Instant.now().plus(statusEvery);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("node heartbeat failed: {}", e.toString());
                }
            }
        });
    }

    private volatile String lastFingerprint = "";

    /** What a status post would change besides heartbeat times: readiness and the images present. */
    private String fingerprint() {
        return runtimeReady() + " " + images();
    }

    private boolean runtimeReady() {
        try {
            StatusResponse s = cri.status();
            for (RuntimeCondition c : s.getStatus().getConditionsList()) {
                if (!c.getStatus()) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The Ready condition's message says why a node is not ready, as upstream's does. */
    private String notReadyMessage() {
        try {
            StatusResponse s = cri.status();
            List<String> parts = new ArrayList<>();
            for (RuntimeCondition c : s.getStatus().getConditionsList()) {
                if (!c.getStatus()) {
                    parts.add(c.getType() + "=false reason:" + c.getReason() + " message:" + c.getMessage());
                }
            }
            return "container runtime network not ready: " + String.join(", ", parts);
        } catch (RuntimeException e) {
            return "container runtime is down: " + e.getMessage();
        }
    }

    void postStatus() {
        boolean ready = runtimeReady();
        lastFingerprint = fingerprint();
        String now = now();
        NodeStatus status = new NodeStatus().withCapacity(facts.capacity()).withAllocatable(facts.allocatable())
                .withNodeInfo(facts.info())
                .withAddresses(List.of(new NodeAddress().withAddress(config.nodeIp()).withType("InternalIP"),
                        new NodeAddress().withAddress(config.nodeName()).withType("Hostname")))
                .withConditions(List.of(
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                        "kubelet has sufficient memory available", now),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                        now),
                ready ? condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
                        : condition("Ready", "False", "KubeletNotReady", notReadyMessage(), now)))
                .withImages(images())
                .withDaemonEndpoints(new NodeDaemonEndpoints().withKubeletEndpoint(
                        new DaemonEndpoint().withPort(config.kubeletPort())));
        // The write carries the resourceVersion it read: another writer (the node IPAM or
        // lifecycle controller) in between makes it 409, so read and write again, as the kubelet
        // retries its node status update.
        for (int attempt = 1; ; attempt++) {
            try {
                Node node = client.nodes().get(null, config.nodeName());
                if (node == null) {
                    throw new ApiException(404, "node \"" + config.nodeName() + "\" not found");
                }
                node.withStatus(status);
                client.nodes().updateStatus(node);
                return;
            } catch (ApiException e) {
                if (e.code() != 409 || attempt == STATUS_UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private List<ContainerImage> images() {
        List<Image> images;
        try {
            images = new ArrayList<>(cri.listImages());
        } catch (RuntimeException e) {
            return List.of();
        }
        images.sort(Comparator.comparingLong(Image::getSize).reversed());
        List<ContainerImage> out = new ArrayList<>();
        for (Image i : images.subList(0, Math.min(50, images.size()))) {
            List<String> names = new ArrayList<>(i.getRepoDigestsList());
            names.addAll(i.getRepoTagsList());
            if (!names.isEmpty()) {
                out.add(new ContainerImage().withNames(names).withSizeBytes(i.getSize()));
            }
        }
        return out;
    }

    private NodeCondition condition(String type, String status, String reason, String message, String now) {
        String[] prev = transitions.get(type);
        if (prev == null || !prev[0].equals(status)) {
            prev = new String[] {status, prev == null ? registeredAt : now};
            transitions.put(type, prev);
        }
        return new NodeCondition().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(prev[1]);
    }

    void renewLease() {
        String now = MICRO_TIME.format(Instant.now());
        Lease existing = client.leases().get(LEASE_NAMESPACE, config.nodeName());
        if (existing == null) {
            Node node = client.nodes().get(null, config.nodeName());
            client.leases().create(new Lease().withApiVersion("coordination.k8s.io/v1").withKind("Lease")
                    .withMetadata(new ObjectMeta().withName(config.nodeName()).withNamespace(LEASE_NAMESPACE)
                            .withOwnerReferences(node == null ? List.of() : List.of(new OwnerReference()
                                    .withApiVersion("v1").withKind("Node").withName(config.nodeName())
                                    .withUid(node.getMetadata().getUid()))))
                    .withSpec(new LeaseSpec().withHolderIdentity(config.nodeName())
                            .withLeaseDurationSeconds(LEASE_SECONDS).withRenewTime(now)));
            return;
        }
        existing.getSpec().withRenewTime(now);
        existing.getSpec().withHolderIdentity(config.nodeName());
        client.leases().update(existing);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        closed = true;
        if (loop != null) {
            loop.interrupt();
        }
    }
}
