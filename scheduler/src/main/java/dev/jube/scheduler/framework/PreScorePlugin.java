package dev.jube.scheduler.framework;

import java.util.List;

/** Runs once before scoring with the nodes that passed the filters. SKIP means its Score is not needed. */
public interface PreScorePlugin extends Plugin {
    Status preScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot);
}
