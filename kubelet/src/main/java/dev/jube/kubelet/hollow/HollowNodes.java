package dev.jube.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many simulated nodes in one process, as upstream's kubemark and kwok provide: each registers a
 * Node, keeps its Lease renewed and reports its status, and "runs" the pods bound to it without
 * containers. All nodes share one pod informer, one node informer and one small pool of API
 * writers; heartbeats are spread over their interval so thousands of nodes make an even trickle of
 * requests. Stopping a node only silences it, which the rest of the cluster cannot tell apart from a
 * real node dying.
 *
 * <pre>{@code
 * try (HollowNodes nodes = HollowNodes.start(client, HollowNodes.Config.defaults(100))) {
 *     nodes.stop("hollow-node-7");   // its lease stops being renewed
 * }
 * }</pre>
 */
public final class HollowNodes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HollowNodes.class);

    private final KubernetesClient client;
    private final Config config;
    private final NodeObjects objects;
    private final Map<String, HollowNode> nodes = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor pool;
    private final HollowPods pods;
    private SharedIndexInformer<Node> nodeInformer;
    private SharedIndexInformer<Pod> podInformer;
    private volatile boolean closed;
    /** Lease renewals and status reports sent so far, for measuring what the fleet costs the API server. */
    private final java.util.concurrent.atomic.LongAdder heartbeatRequests = new java.util.concurrent.atomic.LongAdder();

    private HollowNodes(KubernetesClient client, Config config) {
        this.client = client;
        this.config = config;
        this.objects = new NodeObjects(config);
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ScheduledThreadPoolExecutor(config.writers(), r -> {
            Thread t = new Thread(r, "hollow-nodes-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        String now = HollowPods.now();
        for (int i = 0; i < config.count(); i++) {
            String name = config.nodeName(i);
            nodes.put(name, new HollowNode(i, name, config.zone(i), config.nodeIp(i), new PodIpPool(config.podCidr(i)),
                    now));
        }
        this.pods = new HollowPods(client, config, nodes::get, pool);
    }

    /**
     * Registers {@code config.count()} nodes (Node, then its status, then its Lease), starts their
     * heartbeats and starts running the pods bound to them. Returns once every node is registered.
     */
    public static HollowNodes start(KubernetesClient client, Config config) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(config, "config");
        HollowNodes h = new HollowNodes(client, config);
        try {
            h.register();
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        return h;
    }

    private void register() {
        ensureLeaseNamespace();
        // Only a cache: status reports start from the node as it is now (others edit its spec and labels).
        nodeInformer = client.nodes().inform();
        List<Future<?>> pending = new ArrayList<>();
        for (HollowNode n : nodes.values()) {
            pending.add(pool.submit(() -> registerNode(n)));
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not register hollow nodes: " + e.getCause().getMessage(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while registering hollow nodes", e);
            }
        }
        long renewMs = config.leaseRenewInterval().toMillis();
        long statusMs = config.statusReportInterval().toMillis();
        int count = Math.max(1, nodes.size());
        for (HollowNode n : nodes.values()) {
            // Spread each kind of heartbeat evenly over its interval, so requests trickle, not burst.
            long leaseOffset = renewMs * n.index / count;
            long statusOffset = statusMs * n.index / count;
            n.leaseTask = pool.scheduleAtFixedRate(() -> renewLease(n), leaseOffset + renewMs / count, renewMs,
                    TimeUnit.MILLISECONDS);
            n.statusTask = pool.scheduleAtFixedRate(() -> reportStatus(n), statusOffset + statusMs / count, statusMs,
                    TimeUnit.MILLISECONDS);
        }
        podInformer = client.pods().inAnyNamespace().inform(pods, 0);
    }

    private void ensureLeaseNamespace() {
        if (client.namespaces().withName(NodeObjects.LEASE_NAMESPACE).get() != null) {
            return;
        }
        try {
            Namespace ns = new NamespaceBuilder().withNewMetadata().withName(NodeObjects.LEASE_NAMESPACE).endMetadata()
                    .build();
            client.namespaces().resource(ns).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private void registerNode(HollowNode n) {
        Node created;
        try {
            created = client.nodes().resource(objects.node(n)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // Already registered (a restart of this process): take it over, as a kubelet does.
            created = client.nodes().withName(n.name).get();
        }
        n.uid = created.getMetadata().getUid();
        writeStatus(n, created);
        Lease lease = objects.lease(n, microNow());
        try {
            n.lease = client.resources(Lease.class).inNamespace(NodeObjects.LEASE_NAMESPACE).resource(lease).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            n.lease = client.resources(Lease.class).inNamespace(NodeObjects.LEASE_NAMESPACE).withName(n.name)
                    .edit(l -> {
                        l.setSpec(lease.getSpec());
                        return l;
                    });
        }
    }

    private void writeStatus(HollowNode n, Node current) {
        NodeStatus status = objects.status(n, HollowPods.now());
        heartbeatRequests.increment();
        if (current != null && current.getMetadata().getResourceVersion() != null) {
            Node copy = new NodeBuilder(current).withStatus(status).build();
            try {
                client.nodes().resource(copy).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        client.nodes().withName(n.name).editStatus(node -> {
            node.setStatus(status);
            return node;
        });
    }

    private void renewLease(HollowNode n) {
        if (!n.alive || closed) {
            return;
        }
        var leases = client.resources(Lease.class).inNamespace(NodeObjects.LEASE_NAMESPACE);
        try {
            Lease next = n.lease;
            heartbeatRequests.increment();
            next.getSpec().setRenewTime(microNow());
            n.lease = leases.resource(next).update();
        } catch (KubernetesClientException e) {
            if (closed || !n.alive) {
                return;
            }
            try {
                if (e.getCode() == 404) {
                    n.lease = leases.resource(objects.lease(n, microNow())).create();
                } else if (e.getCode() == 409) {
                    n.lease = leases.withName(n.name).edit(l -> {
                        l.getSpec().setHolderIdentity(n.name);
                        l.getSpec().setRenewTime(microNow());
                        return l;
                    });
                } else {
                    log.warn("could not renew the lease of {}: {}", n.name, e.getMessage());
                }
            } catch (KubernetesClientException again) {
                if (!closed) {
                    log.warn("could not renew the lease of {}: {}", n.name, again.getMessage());
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("could not renew the lease of {}", n.name, e);
            }
        }
    }

    private void reportStatus(HollowNode n) {
        if (!n.alive || closed) {
            return;
        }
        try {
            Node cached = nodeInformer.getStore().getByKey(n.name);
            if (cached == null) {
                // Deleted behind our back; like a kubelet we do not re-register until restarted.
                return;
            }
            writeStatus(n, cached);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && !closed) {
                log.warn("could not report the status of {}: {}", n.name, e.getMessage());
            }
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("could not report the status of {}", n.name, e);
            }
        }
    }

    private static ZonedDateTime microNow() {
        return ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Kills one node: its lease renewals and status reports stop and its pods are left as they are,
     * exactly what the control plane sees when a real node loses power.
     */
    public void stop(String nodeName) {
        HollowNode n = nodes.get(nodeName);
        if (n == null) {
            throw new IllegalArgumentException("not a hollow node of this set: " + nodeName);
        }
        n.cancelHeartbeats();
    }

    /** Whether the node is still heartbeating (not {@link #stop stopped}). */
    public boolean isRunning(String nodeName) {
        HollowNode n = nodes.get(nodeName);
        return n != null && n.alive && !closed;
    }

    /** How many lease renewals and status reports the nodes have sent (registration included). */
    public long heartbeatRequests() {
        return heartbeatRequests.sum();
    }

    /** The names of the nodes, in order. */
    public List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    public Config config() {
        return config;
    }

    /** Stops every node (as {@link #stop}) and the informers; the Node objects stay, as dead nodes do. */
    @Override
    public void close() {
        closed = true;
        nodes.values().forEach(HollowNode::cancelHeartbeats);
        if (podInformer != null) {
            podInformer.close();
        }
        if (nodeInformer != null) {
            nodeInformer.close();
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What the hollow nodes look like and how often they talk to the API server. Defaults follow the
     * upstream kubelet: a 40 s lease renewed every 10 s, and the node status (which a hollow node's
     * pods never change) rewritten every 5 minutes, upstream's nodeStatusReportFrequency. Lease
     * renewals and status reports are spread evenly over their intervals and share the {@code writers}
     * threads, so 5,000 nodes make a steady ~500 lease updates a second with at most {@code writers}
     * requests in flight, never a burst.
     *
     * @param count how many nodes
     * @param namePrefix node names are the prefix followed by 0, 1, 2, ...
     * @param cpu capacity in cores (a quantity, e.g. "32")
     * @param memory capacity (a quantity, e.g. "256Gi")
     * @param pods the most pods a node takes
     * @param ephemeralStorage capacity (a quantity)
     * @param region value of topology.kubernetes.io/region
     * @param zones how many zones; node i is in zone i mod zones, named region plus a letter
     * @param instanceType value of node.kubernetes.io/instance-type
     * @param labels extra labels on every node
     * @param taints taints on every node
     * @param podCidrRange the range node podCIDRs are cut from, one per node
     * @param nodeCidrMaskSize prefix length of each node's podCIDR
     * @param nodeIpRange the range node InternalIPs come from
     * @param kubeletVersion reported in nodeInfo
     * @param leaseDuration the lease's leaseDurationSeconds
     * @param leaseRenewInterval how often each node renews its lease
     * @param statusReportInterval how often each node rewrites its status (heartbeat times); upstream's
     *     nodeStatusReportFrequency
     * @param podStartDelay from seeing a pod bound to when its containers are reported running and ready
     * @param jobRunTime how long a Job's pod runs before it succeeds, unless its annotation says otherwise
     * @param writers how many API requests the hollow nodes make at once, together
     */
    public record Config(int count, String namePrefix, String cpu, String memory, int pods,
            String ephemeralStorage, String region, int zones, String instanceType, Map<String, String> labels,
            List<Taint> taints, String podCidrRange, int nodeCidrMaskSize, String nodeIpRange, String kubeletVersion,
            Duration leaseDuration, Duration leaseRenewInterval, Duration statusReportInterval, Duration podStartDelay,
            Duration jobRunTime, int writers) {

        public Config {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative: " + count);
            }
            if (namePrefix == null || !namePrefix.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9-])?")) {
                throw new IllegalArgumentException("namePrefix must start a DNS subdomain name: " + namePrefix);
            }
            Objects.requireNonNull(cpu, "cpu");
            Objects.requireNonNull(memory, "memory");
            Objects.requireNonNull(ephemeralStorage, "ephemeralStorage");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(instanceType, "instanceType");
            Objects.requireNonNull(kubeletVersion, "kubeletVersion");
            if (pods < 1) {
                throw new IllegalArgumentException("pods must be at least 1: " + pods);
            }
            if (zones < 1 || zones > 26) {
                throw new IllegalArgumentException("zones must be in 1..26: " + zones);
            }
            labels = Map.copyOf(labels);
            taints = List.copyOf(taints);
            Ipv4.Cidr podRange = Ipv4.parseCidr(podCidrRange);
            if (nodeCidrMaskSize < podRange.prefix() || nodeCidrMaskSize > 29) {
                throw new IllegalArgumentException("nodeCidrMaskSize must be in " + podRange.prefix() + "..29: "
                        + nodeCidrMaskSize);
            }
            if (count > 1L << (nodeCidrMaskSize - podRange.prefix())) {
                throw new IllegalArgumentException("podCidrRange " + podCidrRange + " holds only "
                        + (1L << (nodeCidrMaskSize - podRange.prefix())) + " node ranges of /" + nodeCidrMaskSize
                        + ", not " + count);
            }
            Ipv4.Cidr ipRange = Ipv4.parseCidr(nodeIpRange);
            if (count > ipRange.size() - 2) {
                throw new IllegalArgumentException("nodeIpRange " + nodeIpRange + " is too small for " + count + " nodes");
            }
            positive(leaseDuration, "leaseDuration");
            positive(leaseRenewInterval, "leaseRenewInterval");
            positive(statusReportInterval, "statusReportInterval");
            Objects.requireNonNull(podStartDelay, "podStartDelay");
            Objects.requireNonNull(jobRunTime, "jobRunTime");
            if (podStartDelay.isNegative() || jobRunTime.isNegative()) {
                throw new IllegalArgumentException("podStartDelay and jobRunTime must not be negative");
            }
            if (writers < 1) {
                throw new IllegalArgumentException("writers must be at least 1: " + writers);
            }
        }

        private static void positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }

        /** {@code count} nodes of 32 cores, 256 GiB and 110 pods each, over three zones. */
        public static Config defaults(int count) {
            return new Config(count, "hollow-node-", "32", "256Gi", 110, "100Gi", "hollow-1", 3, "hollow.large",
                    Map.of(), List.of(), "10.64.0.0/10", 24, "10.200.0.0/16", "v1.32.0-jube", Duration.ofSeconds(40),
                    Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMillis(200), Duration.ofSeconds(1), 4);
        }

        public Config withNamePrefix(String prefix) {
            return new Config(count, prefix, cpu, memory, pods, ephemeralStorage, region, zones, instanceType,
                    labels, taints, podCidrRange, nodeCidrMaskSize, nodeIpRange, kubeletVersion, leaseDuration,
                    leaseRenewInterval, statusReportInterval, podStartDelay, jobRunTime, writers);
        }

        public Config withCapacity(String cpu, String memory, int pods) {
            return new Config(count, namePrefix, cpu, memory, pods, ephemeralStorage, region, zones,
                    instanceType, labels, taints, podCidrRange, nodeCidrMaskSize, nodeIpRange, kubeletVersion,
                    leaseDuration, leaseRenewInterval, statusReportInterval, podStartDelay, jobRunTime, writers);
        }

        public Config withTopology(String region, int zones) {
            return new Config(count, namePrefix, cpu, memory, pods, ephemeralStorage, region, zones,
                    instanceType, labels, taints, podCidrRange, nodeCidrMaskSize, nodeIpRange, kubeletVersion,
                    leaseDuration, leaseRenewInterval, statusReportInterval, podStartDelay, jobRunTime, writers);
        }

        public Config withLabels(Map<String, String> labels) {
            return new Config(count, namePrefix, cpu, memory, pods, ephemeralStorage, region, zones,
                    instanceType, labels, taints, podCidrRange, nodeCidrMaskSize, nodeIpRange, kubeletVersion,
                    leaseDuration, leaseRenewInterval, statusReportInterval, podStartDelay, jobRunTime, writers);
        }

        public Config withTaints(List<Taint> taints) {
            return new Config(count, namePrefix, cpu, memory, pods, ephemeralStorage, region, zones,
                    instanceType, labels, taints, podCidrRange, nodeCidrMaskSize, nodeIpRange, kubeletVersion,
                    leaseDuration, leaseRenewInterval, statusReportInterval, podStartDelay, jobRunTime, writers);
        }

        public Config withHeartbeats(Duration leaseDuration, Duration leaseRenewInterval,
                Duration statusReportInterval) {
            return new Config(count, namePrefix, cpu, memory, pods, ephemeralStorage, region, zones,
                    instanceType, labels, taints, podCidrRange, nodeCidrMaskSize, nodeIpRange, kubeletVersion,
                    leaseDuration, leaseRenewInterval, statusReportInterval, podStartDelay, jobRunTime, writers);
        }

        public Config withPodTimes(Duration podStartDelay, Duration jobRunTime) {
            return new Config(count, namePrefix, cpu, memory, pods, ephemeralStorage, region, zones,
                    instanceType, labels, taints, podCidrRange, nodeCidrMaskSize, nodeIpRange, kubeletVersion,
                    leaseDuration, leaseRenewInterval, statusReportInterval, podStartDelay, jobRunTime, writers);
        }

        public Config withWriters(int writers) {
            return new Config(count, namePrefix, cpu, memory, pods, ephemeralStorage, region, zones,
                    instanceType, labels, taints, podCidrRange, nodeCidrMaskSize, nodeIpRange, kubeletVersion,
                    leaseDuration, leaseRenewInterval, statusReportInterval, podStartDelay, jobRunTime, writers);
        }

        String nodeName(int index) {
            return namePrefix + index;
        }

        String zone(int index) {
            return region + (char) ('a' + index % zones);
        }

        Ipv4.Cidr podCidr(int index) {
            Ipv4.Cidr range = Ipv4.parseCidr(podCidrRange);
            return new Ipv4.Cidr(range.base() + ((long) index << (32 - nodeCidrMaskSize)), nodeCidrMaskSize);
        }

        String nodeIp(int index) {
            return Ipv4.format(Ipv4.parseCidr(nodeIpRange).base() + index + 1);
        }
    }
}
