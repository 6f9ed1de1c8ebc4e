package dev.jube.kubelet.api;

import dev.jube.kubelet.model.Json;
import dev.jube.kubelet.model.JsonView;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonParser;

/**
 * Lists, then watches, the objects of one query and tells a handler what changed, as client-go's
 * informer does: a watch that ends resumes from the last resourceVersion seen, one that expired
 * (410 Gone) lists again and reports what the gap added, changed and removed.
 */
public final class Informer<T extends JsonView> implements AutoCloseable {

    /** What the informer reports, from its own thread, one event at a time. */
    public interface Handler<T> {
        void onAdd(T object);

        void onUpdate(T old, T object);

        void onDelete(T object);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Informer.class);
    private static final int WATCH_SECONDS = 300;
    private static final long MAX_BACK_OFF_MS = 5_000;
    /** The server ends a watch after WATCH_SECONDS; silence well past that means the connection is gone. */
    private static final Duration WATCH_READ_TIMEOUT = Duration.ofSeconds(WATCH_SECONDS + 60);

    private final ApiClient client;
    private final String path;
    private final String query;
    private final Function<Map<String, Object>, T> view;
    private final Handler<T> handler;
    private final Map<String, T> known = new HashMap<>();
    private volatile boolean synced;
    private volatile boolean closed;
    private volatile InputStream open;
    private Thread thread;

    private Informer(ApiClient client, String path, String query, Function<Map<String, Object>, T> view,
            Handler<T> handler) {
        this.client = client;
        this.path = path;
        this.query = query;
        this.view = view;
        this.handler = handler;
    }

    static <T extends JsonView> Informer<T> start(ApiClient client, String path, String query,
            Function<Map<String, Object>, T> view, Handler<T> handler) {
        Informer<T> i = new Informer<>(client, path, query, view, handler);
        i.thread = Thread.ofVirtual().name("informer-" + path).start(i::run);
        return i;
    }

    /** True once the first list has been delivered. */
    public boolean hasSynced() {
        return synced;
    }

    private void run() {
        String resourceVersion = null;
        long backOff = 200;
        while (!closed) {
            try {
                if (resourceVersion == null) {
                    resourceVersion = relist();
                    synced = true;
                }
                resourceVersion = watch(resourceVersion);
                backOff = 200;
            } catch (RuntimeException e) { // the API's errors, and anything else: the informer must go on
                if (closed) {
                    return;
                }
                if (e instanceof ApiException a && a.code() == 410) {
                    resourceVersion = null;
                    continue;
                }
                if (backOff == MAX_BACK_OFF_MS) { // failing for a while now, not a passing reconnect
                    LOG.warn("watch of {} failed: {}", path, e.getMessage());
                } else {
                    LOG.debug("watch of {} failed: {}", path, e.toString());
                }
                try {
                    Thread.sleep(backOff);
                } catch (InterruptedException stop) {
                    return;
                }
                backOff = Math.min(backOff * 2, MAX_BACK_OFF_MS);
            }
        }
    }

    private String relist() {
        Map<String, Object> list = client.send("GET", path + (query.isEmpty() ? "" : "?" + query), null, null);
        Set<String> gone = new HashSet<>(known.keySet());
        if (list.get("items") instanceof java.util.List<?> items) {
            for (Object item : items) {
                T object = view.apply(Resource.map(item));
                String key = key(object);
                gone.remove(key);
                deliver(key, object);
            }
        }
        for (String key : gone) {
            handler.onDelete(known.remove(key));
        }
        return Resource.map(list.get("metadata")).get("resourceVersion").toString();
    }

    /** Follows one watch to its end; the resourceVersion to resume from. */
    private String watch(String resourceVersion) {
        String url = path + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=" + WATCH_SECONDS
                + "&resourceVersion=" + resourceVersion + (query.isEmpty() ? "" : "&" + query);
        try (InputStream in = client.stream(url, WATCH_READ_TIMEOUT); JsonParser events = Json.parser(in)) {
            open = in;
            for (Object e = Json.parse(events); e != null && !closed; e = Json.parse(events)) {
                Map<String, Object> event = Resource.map(e);
                Map<String, Object> object = Resource.map(event.get("object"));
                String type = String.valueOf(event.get("type"));
                if (type.equals("ERROR")) {
                    Object code = object == null ? null : object.get("code");
                    throw new ApiException(code instanceof Number n ? n.intValue() : 500,
                            String.valueOf(object == null ? "watch error" : object.get("message")));
                }
                resourceVersion = Resource.map(object.get("metadata")).get("resourceVersion").toString();
                T o = view.apply(object);
                switch (type) {
                    case "ADDED", "MODIFIED" -> deliver(key(o), o);
                    case "DELETED" -> {
                        known.remove(key(o));
                        handler.onDelete(o);
                    }
                    default -> { } // BOOKMARK: only the resourceVersion
                }
            }
            return resourceVersion;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException a) {
                throw a;
            }
            throw new ApiException("watch of " + path + " broke: " + e.getMessage(), e);
        } finally {
            open = null;
        }
    }

    private void deliver(String key, T object) {
        T old = known.put(key, object);
        if (old == null) {
            handler.onAdd(object);
        } else {
            handler.onUpdate(old, object);
        }
    }

    private static String key(JsonView o) {
        Map<String, Object> meta = Resource.map(o.json().get("metadata"));
        Object ns = meta.get("namespace");
        return ns == null ? String.valueOf(meta.get("name")) : ns + "/" + meta.get("name");
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = open;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
