package dev.jube.controllers.serviceaccount;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * Makes sure every active namespace has the {@code default} ServiceAccount (upstream's
 * ServiceAccountsController), recreating it if it is deleted.
 */
public final class ServiceAccountController implements Controller {

    public static final List<String> ACCOUNTS = List.of("default");

    private KubernetesClient client;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<ServiceAccount> accounts;

    @Override
    public String name() {
        return "serviceaccount";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.namespaces = context.informer(Namespace.class);
        this.accounts = context.informer(ServiceAccount.class);
        ActiveNamespaces.queueChanges(namespaces, queue);
        accounts.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ServiceAccount sa) {}

            @Override
            public void onUpdate(ServiceAccount o, ServiceAccount n) {}

            @Override
            public void onDelete(ServiceAccount sa, boolean unknown) {
                queue.add(sa.getMetadata().getNamespace());
            }
        });
    }

    @Override
    public void reconcile(String namespace) {
        if (ActiveNamespaces.active(namespaces, namespace) == null) {
            return;
        }
        for (String name : ACCOUNTS) {
            if (accounts.getIndexer().getByKey(namespace + "/" + name) != null) {
                continue;
            }
            try {
                client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) { // already there: the cache had not shown it yet
                    throw e;
                }
            }
        }
    }
}
