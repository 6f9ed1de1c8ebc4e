package dev.jube.bench;

import dev.jube.kubelet.hollow.HollowNodes;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * What a fleet of hollow nodes costs: time until every node is registered and Ready, the heap the
 * nodes hold, the API requests a second they make once settled, and the heap the API server needs
 * for them. The API server runs in this JVM, so heaps are told apart by difference: the server's is
 * measured with no nodes and again after the nodes stop (their objects stay stored), and the nodes'
 * is what stopping them frees.
 *
 * <p>Usage: {@code HollowNodesBench [nodes] [steady-seconds]} (defaults 5000 and 60).
 */
public final class HollowNodesBench {

    private HollowNodesBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int steadySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        long jvmBase = heapAfterGc();
        try (JubeCluster cluster = JubeCluster.start()) {
            KubernetesClient client = cluster.client();
            client.namespaces().list();
            long serverEmpty = heapAfterGc() - jvmBase;
            long started = System.nanoTime();
            HollowNodes nodes = HollowNodes.start(cluster.newClient(), HollowNodes.Config.defaults(count)
                    .withWriters(8));
            long registered = System.nanoTime();
            List<Node> all = client.nodes().list().getItems();
            long ready = all.stream().filter(HollowNodesBench::isReady).count();
            if (ready != count) {
                throw new IllegalStateException(ready + " of " + count + " nodes Ready after registration");
            }
            long withNodes = heapAfterGc();
            // Let the registration burst pass, then count what the settled fleet sends.
            Thread.sleep(Duration.ofSeconds(15));
            long requestsBefore = nodes.heartbeatRequests();
            long steadyStart = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(steadySeconds));
            double perSecond = (nodes.heartbeatRequests() - requestsBefore) / ((System.nanoTime() - steadyStart) / 1e9);
            nodes.close();
            nodes = null;
            long serverWithNodes = heapAfterGc() - jvmBase;
            long hollowSide = withNodes - jvmBase - serverWithNodes;

            System.out.printf("%n| Hollow nodes (%,d, 8 writers, one JVM with the API server) | Value |%n", count);
            System.out.println("|---|---|");
            System.out.printf("| Time to register all nodes, all Ready (s) | %.1f |%n", (registered - started) / 1e9);
            System.out.printf("| Heap of the hollow-node side after GC (MB) | %.0f |%n", hollowSide / 1e6);
            System.out.printf("| Heartbeat requests per second at steady state (over %d s) | %.0f |%n",
                    steadySeconds, perSecond);
            System.out.printf("| API server heap after GC, empty (MB) | %.0f |%n", serverEmpty / 1e6);
            System.out.printf("| API server heap after GC, %,d nodes and leases stored (MB) | %.0f |%n", count,
                    serverWithNodes / 1e6);
            System.out.printf("| Max heap of the JVM (MB) | %.0f |%n", Runtime.getRuntime().maxMemory() / 1e6);
        }
    }

    private static boolean isReady(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static long heapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
