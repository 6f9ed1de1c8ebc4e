package dev.jube.controllers;

import dev.jube.controllers.cronjob.CronJobController;
import dev.jube.controllers.daemonset.DaemonSetController;
import dev.jube.controllers.deployment.DeploymentController;
import dev.jube.controllers.disruption.DisruptionController;
import dev.jube.controllers.endpoint.EndpointSliceController;
import dev.jube.controllers.endpoint.EndpointsController;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerManager;
import dev.jube.controllers.garbagecollector.GarbageCollector;
import dev.jube.controllers.job.JobController;
import dev.jube.controllers.job.TtlAfterFinishedController;
import dev.jube.controllers.namespace.NamespaceController;
import dev.jube.controllers.nodeipam.NodeIpamController;
import dev.jube.controllers.nodelifecycle.NodeLifecycleController;
import dev.jube.controllers.nodelifecycle.TaintEvictionController;
import dev.jube.controllers.podgc.PodGcController;
import dev.jube.controllers.replicaset.ReplicaSetController;
import dev.jube.controllers.replicaset.ReplicationControllerController;
import dev.jube.controllers.resourcequota.ResourceQuotaController;
import dev.jube.controllers.serviceaccount.RootCaPublisher;
import dev.jube.controllers.serviceaccount.ServiceAccountController;
import dev.jube.controllers.statefulset.StatefulSetController;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Supplier;

/** The controllers {@code jube server} runs, as kube-controller-manager's defaults. */
public final class DefaultControllers {

    private DefaultControllers() {}

    /**
     * Every controller built so far. The root CA publisher needs the cluster CA; it is read from
     * the client's configuration.
     */
    public static List<Supplier<? extends Controller>> all(KubernetesClient client) {
        String ca = RootCaPublisher.caOf(client.getConfiguration());
        List<Supplier<? extends Controller>> list = new java.util.ArrayList<>(List.of(
                NamespaceController::new,
                GarbageCollector::new,
                ServiceAccountController::new,
                () -> new RootCaPublisher(ca),
                ReplicaSetController::new,
                ReplicationControllerController::new,
                DeploymentController::new));
        list.add(JobController::new);
        list.add(CronJobController::new);
        list.add(TtlAfterFinishedController::new);
        list.add(EndpointsController::new);
        list.add(EndpointSliceController::new);
        list.add(NodeIpamController::new);
        list.add(NodeLifecycleController::new);
        list.add(TaintEvictionController::new);
        list.add(PodGcController::new);
        list.add(ResourceQuotaController::new);
        list.add(DisruptionController::new);
        list.add(StatefulSetController::new);
        list.add(DaemonSetController::new);
        return list;
    }

    /** A manager with every controller and upstream's leader election settings; call start(). */
    public static ControllerManager manager(KubernetesClient client) {
        return builder(client).build();
    }

    /** A manager builder with every controller, to change settings such as leader election before build(). */
    public static ControllerManager.Builder builder(KubernetesClient client) {
        ControllerManager.Builder b = ControllerManager.builder(client);
        all(client).forEach(b::controller);
        return b;
    }
}
