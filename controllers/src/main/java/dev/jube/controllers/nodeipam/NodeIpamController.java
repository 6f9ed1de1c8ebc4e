package dev.jube.controllers.nodeipam;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.Map;

/**
 * Upstream's node IPAM controller with the range allocator: every node gets a block of the
 * cluster CIDR in spec.podCIDR and spec.podCIDRs, which its kubelet and network plugin use for
 * pod IPs. The blocks nodes already hold are read back before the first allocation, so a restart
 * never hands out a block twice; a deleted node's block becomes free again.
 */
public final class NodeIpamController implements Controller {

    public static final String DEFAULT_CLUSTER_CIDR = "10.42.0.0/16";
    public static final int DEFAULT_NODE_MASK_SIZE = 24;

    private final CidrSet cidrs;
    /** Blocks this controller handed out, by node, until the cache shows them on the node. */
    private final Map<String, String> allocated = new HashMap<>();
    private boolean loaded;
    private KubernetesClient client;
    private EventRecorder recorder;
    private SharedIndexInformer<Node> nodes;

    public NodeIpamController() {
        this(DEFAULT_CLUSTER_CIDR, DEFAULT_NODE_MASK_SIZE);
    }

    /** Upstream's --cluster-cidr and --node-cidr-mask-size. */
    public NodeIpamController(String clusterCidr, int nodeMaskSize) {
        this.cidrs = new CidrSet(clusterCidr, nodeMaskSize);
    }

    @Override
    public String name() {
        return "nodeipam";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        client = context.client();
        recorder = context.recorder("cidrAllocator");
        nodes = context.informer(Node.class);
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                queue.add(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                if (podCidr(newNode) == null) {
                    queue.add(newNode.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                released(node);
            }
        });
    }

    private static String podCidr(Node node) {
        String cidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        return cidr == null || cidr.isEmpty() ? null : cidr;
    }

    private synchronized void released(Node node) {
        String name = node.getMetadata().getName();
        String mine = allocated.remove(name);
        if (!loaded) {
            return; // the blocks are read from the cache, which no longer has this node
        }
        String cidr = podCidr(node) != null ? podCidr(node) : mine;
        if (cidr != null && !heldByAnother(name, cidr)) {
            cidrs.release(cidr);
        }
    }

    private boolean heldByAnother(String name, String cidr) {
        for (Node n : nodes.getIndexer().list()) {
            if (!n.getMetadata().getName().equals(name) && cidr.equals(podCidr(n))) {
                return true;
            }
        }
        return allocated.entrySet().stream().anyMatch(e -> !e.getKey().equals(name) && e.getValue().equals(cidr));
    }

    /** Reads back the blocks nodes hold; the workers start once the cache has synced. */
    private void load() {
        if (loaded) {
            return;
        }
        for (Node n : nodes.getIndexer().list()) {
            String cidr = podCidr(n);
            if (cidr != null) {
                cidrs.occupy(cidr);
            }
        }
        loaded = true;
    }

    @Override
    public void reconcile(String name) {
        Node node = nodes.getIndexer().getByKey(name);
        if (node == null) {
            return;
        }
        String cidr;
        synchronized (this) {
            load();
            String existing = podCidr(node);
            if (existing != null) {
                cidrs.occupy(existing);
                allocated.remove(name);
                return;
            }
            cidr = allocated.get(name);
            if (cidr == null) {
                cidr = cidrs.allocateNext();
                if (cidr == null) {
                    recorder.event(node, "Normal", "CIDRNotAvailable",
                            "Node " + name + " status is now: CIDRNotAvailable");
                    throw new IllegalStateException("no free pod CIDR for node " + name);
                }
                allocated.put(name, cidr);
            }
        }
        String patch = "{\"spec\":{\"podCIDR\":\"" + cidr + "\",\"podCIDRs\":[\"" + cidr + "\"]}}";
        try {
            client.nodes().withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
        } catch (RuntimeException e) {
            synchronized (this) {
                Node now = nodes.getIndexer().getByKey(name);
                if (now == null || podCidr(now) != null) {
                    // Gone, or someone else set it: this block was never used.
                    if (allocated.remove(name) != null && !heldByAnother(name, cidr)) {
                        cidrs.release(cidr);
                    }
                }
            }
            throw e;
        }
    }
}
