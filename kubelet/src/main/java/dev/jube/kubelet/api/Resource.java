package dev.jube.kubelet.api;

import dev.jube.kubelet.model.JsonView;
import dev.jube.kubelet.model.ObjectMeta;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One kind of the API (pods, nodes, leases...): the calls the agent makes on it. */
public final class Resource<T extends JsonView> {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final ApiClient client;
    private final String groupVersion;
    private final String plural;
    private final boolean namespaced;
    private final Function<Map<String, Object>, T> view;

    Resource(ApiClient client, String groupVersion, String plural, boolean namespaced,
            Function<Map<String, Object>, T> view) {
        this.client = client;
        this.groupVersion = groupVersion;
        this.plural = plural;
        this.namespaced = namespaced;
        this.view = view;
    }

    /** The object, or null when there is none. */
    public T get(String namespace, String name) {
        try {
            return view.apply(client.send("GET", path(namespace, name), null, null));
        } catch (ApiException e) {
            if (e.code() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Every object in the namespace (or the cluster, for null). */
    public List<T> list(String namespace) {
        return items(client.send("GET", path(namespace, null), null, null));
    }

    public T create(T object) {
        return view.apply(client.send("POST", path(namespace(object), null), "application/json", object));
    }

    /** A write that carries the resourceVersion it read: 409 when another writer came first. */
    public T update(T object) {
        return view.apply(client.send("PUT", path(namespace(object), name(object)), "application/json", object));
    }

    public T updateStatus(T object) {
        return view.apply(client.send("PUT", path(namespace(object), name(object)) + "/status", "application/json",
                object));
    }

    /** A JSON merge patch (RFC 7386). */
    public T patch(String namespace, String name, String mergePatch) {
        return view.apply(client.send("PATCH", path(namespace, name), MERGE_PATCH, mergePatch));
    }

    /** Deletes the object; null leaves the grace period to the server. False when it was already gone. */
    public boolean delete(String namespace, String name, Long gracePeriodSeconds) {
        try {
            client.send("DELETE", path(namespace, name), "application/json", gracePeriodSeconds == null ? null
                    : Map.of("apiVersion", "v1", "kind", "DeleteOptions", "gracePeriodSeconds", gracePeriodSeconds));
            return true;
        } catch (ApiException e) {
            if (e.code() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Creates an object in a subresource, such as a service account's token; returns the answer. */
    public <R extends JsonView> R createIn(String namespace, String name, String subresource, JsonView body,
            Function<Map<String, Object>, R> answer) {
        return answer.apply(client.send("POST", path(namespace, name) + "/" + subresource, "application/json", body));
    }

    /** Watches the objects the field selector picks (all for null) in every namespace. */
    public Informer<T> inform(String fieldSelector, Informer.Handler<T> handler) {
        String query = fieldSelector == null ? "" : "fieldSelector=" + URLEncoder.encode(fieldSelector,
                StandardCharsets.UTF_8);
        return Informer.start(client, groupVersion + "/" + plural, query, view, handler);
    }

    List<T> items(Map<String, Object> list) {
        List<T> out = new ArrayList<>();
        if (list.get("items") instanceof List<?> items) {
            for (Object item : items) {
                out.add(view.apply(map(item)));
            }
        }
        return out;
    }

    private String path(String namespace, String name) {
        StringBuilder p = new StringBuilder(groupVersion);
        if (namespaced && namespace != null) {
            p.append("/namespaces/").append(namespace);
        }
        p.append('/').append(plural);
        if (name != null) {
            p.append('/').append(name);
        }
        return p.toString();
    }

    private static String namespace(JsonView object) {
        ObjectMeta m = meta(object);
        return m == null ? null : m.getNamespace();
    }

    private static String name(JsonView object) {
        ObjectMeta m = meta(object);
        if (m == null || m.getName() == null) {
            throw new IllegalArgumentException("the object has no metadata.name");
        }
        return m.getName();
    }

    private static ObjectMeta meta(JsonView object) {
        return object.json().get("metadata") instanceof Map<?, ?> m ? new ObjectMeta(map(m)) : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }
}
