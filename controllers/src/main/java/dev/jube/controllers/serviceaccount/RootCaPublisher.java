package dev.jube.controllers.serviceaccount;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes the cluster CA as the {@code kube-root-ca.crt} ConfigMap (key {@code ca.crt}) in
 * every active namespace, so pods can verify the API server (upstream's root-ca-cert-publisher).
 * Edits and deletions of the ConfigMap are undone.
 */
public final class RootCaPublisher implements Controller {

    public static final String NAME = "kube-root-ca.crt";
    public static final String KEY = "ca.crt";

    private final String caPem;
    private KubernetesClient client;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<ConfigMap> configMaps;

    /** @param caPem the cluster CA certificate(s), PEM */
    public RootCaPublisher(String caPem) {
        if (caPem == null || !caPem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("the root CA must be a PEM certificate");
        }
        this.caPem = caPem;
    }

    /** The CA the client trusts (certificate-authority-data or -file of its kubeconfig). */
    public static String caOf(Config config) {
        if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
            return new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8);
        }
        if (config.getCaCertFile() != null) {
            try {
                return Files.readString(Path.of(config.getCaCertFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CA file " + config.getCaCertFile(), e);
            }
        }
        throw new IllegalArgumentException("the client configuration has no CA certificate");
    }

    @Override
    public String name() {
        return "root-ca-cert-publisher";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.namespaces = context.informer(Namespace.class);
        this.configMaps = context.informer(ConfigMap.class);
        ActiveNamespaces.queueChanges(namespaces, queue);
        configMaps.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {}

            @Override
            public void onUpdate(ConfigMap o, ConfigMap n) {
                if (NAME.equals(n.getMetadata().getName())) {
                    queue.add(n.getMetadata().getNamespace());
                }
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknown) {
                if (NAME.equals(cm.getMetadata().getName())) {
                    queue.add(cm.getMetadata().getNamespace());
                }
            }
        });
    }

    @Override
    public void reconcile(String namespace) {
        if (ActiveNamespaces.active(namespaces, namespace) == null) {
            return;
        }
        ConfigMap cm = configMaps.getIndexer().getByKey(namespace + "/" + NAME);
        if (cm == null) {
            try {
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName(NAME).withNamespace(namespace)
                        .withAnnotations(Map.of("kubernetes.io/description",
                                "The cluster's CA certificates, for verifying the API server from inside the cluster."))
                        .endMetadata().withData(Map.of(KEY, caPem)).build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
            return;
        }
        if (!Objects.equals(cm.getData() == null ? null : cm.getData().get(KEY), caPem)) {
            ConfigMap fixed = new ConfigMapBuilder(cm).withData(Map.of(KEY, caPem)).build();
            client.configMaps().inNamespace(namespace).resource(fixed).update();
        }
    }
}
