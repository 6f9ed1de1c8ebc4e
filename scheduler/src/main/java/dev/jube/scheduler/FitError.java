package dev.jube.scheduler;

import dev.jube.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * No node fits the pod: per-node verdicts, the plugins that rejected it, and upstream's message,
 * e.g. "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}.".
 */
public final class FitError extends Exception {

    private final int numAllNodes;
    private final Map<String, Status> nodeStatuses;
    private final Set<String> rejectors;
    private final String preFilterMessage;
    private String postFilterMessage = "";

    public FitError(int numAllNodes, Map<String, Status> nodeStatuses, Set<String> rejectors, String preFilterMessage) {
        super(null, null, false, false);
        this.numAllNodes = numAllNodes;
        this.nodeStatuses = nodeStatuses;
        this.rejectors = rejectors;
        this.preFilterMessage = preFilterMessage == null ? "" : preFilterMessage;
    }

    public Map<String, Status> nodeStatuses() {
        return nodeStatuses;
    }

    /** The plugins whose rejections may be undone by cluster events. */
    public Set<String> rejectors() {
        return rejectors;
    }

    public void postFilterMessage(String msg) {
        postFilterMessage = msg == null ? "" : msg;
    }

    @Override
    public String getMessage() {
        return message(numAllNodes, nodeStatuses, preFilterMessage, postFilterMessage);
    }

    /** Upstream's FitError text: the PreFilter message or a sorted histogram of filter reasons, then the PostFilter message. */
    public static String message(int numAllNodes, Map<String, Status> statuses, String preFilterMessage,
                                 String postFilterMessage) {
        StringBuilder b = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        if (preFilterMessage != null && !preFilterMessage.isEmpty()) {
            b.append(' ').append(preFilterMessage).append('.');
        } else {
            Map<String, Integer> histogram = new HashMap<>();
            for (Status s : statuses.values()) {
                for (String r : s.reasons()) {
                    histogram.merge(r, 1, Integer::sum);
                }
            }
            List<String> parts = new ArrayList<>();
            histogram.forEach((reason, count) -> parts.add(count + " " + reason));
            parts.sort(null);
            b.append(' ').append(String.join(", ", parts)).append('.');
        }
        if (postFilterMessage != null && !postFilterMessage.isEmpty()) {
            b.append(' ').append(postFilterMessage);
            if (!postFilterMessage.endsWith(".")) {
                b.append('.');
            }
        }
        return b.toString();
    }
}
