package dev.jube.scheduler.plugins;

import dev.jube.scheduler.Binder;
import dev.jube.scheduler.framework.PluginFactory;
import dev.jube.scheduler.framework.Profile;
import dev.jube.scheduler.framework.Profile.PluginSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The in-tree plugins by name, and upstream's default profile. */
public final class Plugins {

    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    private Plugins() {}

    /** Every built-in plugin; {@code binder} performs DefaultBinder's API calls (null in unit tests). */
    public static Map<String, PluginFactory> registry(Binder binder) {
        Map<String, PluginFactory> r = new HashMap<>();
        r.put(PrioritySort.NAME, (a, h) -> new PrioritySort());
        r.put(NodeUnschedulable.NAME, (a, h) -> new NodeUnschedulable());
        r.put(NodeName.NAME, (a, h) -> new NodeName());
        r.put(TaintToleration.NAME, (a, h) -> new TaintToleration());
        r.put(NodeAffinity.NAME, (a, h) -> new NodeAffinity());
        r.put(NodePorts.NAME, (a, h) -> new NodePorts());
        r.put(NodeResourcesFit.NAME, (a, h) -> new NodeResourcesFit((NodeResourcesFit.Args) a));
        r.put(VolumeBinding.NAME, (a, h) -> new VolumeBinding(h));
        r.put(PodTopologySpread.NAME, (a, h) -> new PodTopologySpread(h.lister(), (PodTopologySpread.Args) a));
        r.put(InterPodAffinity.NAME, (a, h) -> new InterPodAffinity(h.lister(), a == null ? 1 : (Integer) a));
        r.put(NodeResourcesBalancedAllocation.NAME, (a, h) -> new NodeResourcesBalancedAllocation());
        r.put(ImageLocality.NAME, (a, h) -> new ImageLocality());
        r.put(DefaultPreemption.NAME, (a, h) -> new DefaultPreemption(h.lister()));
        r.put(DefaultBinder.NAME, (a, h) -> new DefaultBinder(binder));
        return r;
    }

    /** Upstream's default plugins in their order, with the default score weights. */
    public static Profile defaultProfile(String schedulerName) {
        return new Profile(schedulerName, List.of(
                new PluginSpec(PrioritySort.NAME, 0, null),
                new PluginSpec(NodeUnschedulable.NAME, 0, null),
                new PluginSpec(NodeName.NAME, 0, null),
                new PluginSpec(TaintToleration.NAME, 3, null),
                new PluginSpec(NodeAffinity.NAME, 2, null),
                new PluginSpec(NodePorts.NAME, 0, null),
                new PluginSpec(NodeResourcesFit.NAME, 1, NodeResourcesFit.Args.defaults()),
                new PluginSpec(VolumeBinding.NAME, 0, null),
                new PluginSpec(DefaultPreemption.NAME, 0, null),
                new PluginSpec(PodTopologySpread.NAME, 2, PodTopologySpread.Args.system()),
                new PluginSpec(InterPodAffinity.NAME, 2, 1),
                new PluginSpec(NodeResourcesBalancedAllocation.NAME, 1, null),
                new PluginSpec(ImageLocality.NAME, 1, null),
                new PluginSpec(DefaultBinder.NAME, 0, null)));
    }
}
