package dev.jube.scheduler;

import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Binds a pod to a node with {@code POST /api/v1/namespaces/NS/pods/NAME/binding}, as kube-scheduler does. */
public class Binder {

    private final KubernetesClient client;

    public Binder(KubernetesClient client) {
        this.client = client;
    }

    /** SUCCESS when the API server accepted the binding; an ERROR status with its message otherwise. */
    public Status bind(Pod pod, String nodeName) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Binding binding = new BindingBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).withUid(pod.getMetadata().getUid()).endMetadata()
                .withNewTarget().withKind("Node").withApiVersion("v1").withName(nodeName).endTarget()
                .build();
        String base = client.getMasterUrl().toString();
        if (!base.endsWith("/")) {
            base += "/";
        }
        String url = base + "api/v1/namespaces/" + enc(ns) + "/pods/" + enc(name) + "/binding";
        HttpRequest req = client.getHttpClient().newHttpRequestBuilder().uri(url)
                .post("application/json", Serialization.asJson(binding)).build();
        try {
            HttpResponse<String> resp = client.getHttpClient().sendAsync(req, String.class).get(30, TimeUnit.SECONDS);
            if (resp.isSuccessful()) {
                return Status.SUCCESS;
            }
            return Status.error("binding pod " + ns + "/" + name + " to node " + nodeName + " failed with HTTP "
                    + resp.code() + ": " + message(resp.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.error("interrupted while binding pod " + ns + "/" + name);
        } catch (ExecutionException | TimeoutException e) {
            return Status.error("binding pod " + ns + "/" + name + " to node " + nodeName + " failed: "
                    + (e.getCause() == null ? e : e.getCause()));
        }
    }

    private static String message(String body) {
        if (body == null) {
            return "";
        }
        try {
            io.fabric8.kubernetes.api.model.Status s = Serialization.unmarshal(body, io.fabric8.kubernetes.api.model.Status.class);
            return s.getMessage() != null ? s.getMessage() : body;
        } catch (RuntimeException e) {
            return body;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
