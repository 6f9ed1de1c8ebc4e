package dev.jube.controllers.endpoint;

import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Objects;

/**
 * The Service and Pod informers both endpoint controllers use, wired so that a change to a
 * service, or to a pod its selector matches (before or after the change), queues the service.
 */
final class ServiceTriggers {

    final SharedIndexInformer<Service> services;
    final SharedIndexInformer<Pod> pods;
    private final WorkQueue queue;

    ServiceTriggers(ControllerContext context, WorkQueue queue) {
        this.queue = queue;
        this.services = context.informer(Service.class);
        this.pods = context.informer(Pod.class);
        services.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service svc) {
                queue.add(Keys.of(svc));
            }

            @Override
            public void onUpdate(Service oldSvc, Service newSvc) {
                queue.add(Keys.of(newSvc));
            }

            @Override
            public void onDelete(Service svc, boolean finalStateUnknown) {
                queue.add(Keys.of(svc));
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                queueServicesOf(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
                    return;
                }
                queueServicesOf(newPod);
                if (!Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())) {
                    queueServicesOf(oldPod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                queueServicesOf(pod);
            }
        });
    }

    private void queueServicesOf(Pod pod) {
        for (Service svc : services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            if (ServiceBackends.selects(svc, pod)) {
                queue.add(Keys.of(svc));
            }
        }
    }

    Service service(String key) {
        return services.getIndexer().getByKey(key);
    }

    List<Pod> podsIn(String namespace) {
        return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }
}
