package dev.jube.apiserver.endpoints;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.http.EventStream;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.storage.ObjectStorage.Page;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import dev.jube.apiserver.watchcache.CachedObject;
import dev.jube.apiserver.watchcache.WatchCache;
import dev.jube.apiserver.watchcache.WatchItem;
import dev.jube.store.CompactedException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** list, watch and deletecollection: reads of many objects, from the watch cache or the store. */
final class ListWatchHandler {

    /** How long a read waits for the cache to reach a revision before falling back or failing. */
    private static final Duration FRESHNESS_WAIT = Duration.ofSeconds(3);
    /** Events a watch queues before it flushes even though more are waiting. */
    private static final int MAX_UNFLUSHED = 64;

    private final HandlerContext ctx;
    private final ResourceHandler objects;

    ListWatchHandler(HandlerContext ctx, ResourceHandler objects) {
        this.ctx = ctx;
        this.objects = objects;
    }

    // ---- list

    void list(Request r) {
        ResourceDescriptor d = r.descriptor();
        Output out = r.output();
        Predicate<ObjectNode> filter = filter(r);
        String prefix = d.storagePrefix(r.namespace());
        String rv = emptyToNull(r.http().param("resourceVersion"));
        String rvMatch = emptyToNull(r.http().param("resourceVersionMatch"));
        String cont = emptyToNull(r.http().param("continue"));
        long limit = longParam(r, "limit");
        if (rvMatch != null && !rvMatch.equals("NotOlderThan") && !rvMatch.equals("Exact")) {
            throw ApiException.badRequest("resourceVersionMatch: Unsupported value: \"" + rvMatch
                    + "\": supported values: \"Exact\", \"NotOlderThan\"");
        }
        if (rvMatch != null && rv == null) {
            throw ApiException.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
        }
        ListResult result;
        if (cont != null) {
            if (rv != null) {
                throw ApiException.badRequest("specifying resource version is not allowed when using continue");
            }
            ContinueToken token = ContinueToken.decode(cont);
            try {
                result = fromStore(prefix, prefix + token.start(), token.revision(), limit, filter, r.http().param("labelSelector"), r.http().param("fieldSelector"));
            } catch (CompactedException e) {
                throw ApiException.gone("The provided continue parameter is too old to display a consistent list result. "
                        + "You can start a new list without the continue parameter, or use the continue token in this "
                        + "response to retrieve the remainder of the results. Continuing with the provided token results "
                        + "in an inconsistent list - objects that were created, modified, or deleted between the time the "
                        + "first chunk was returned and now may show up in the list.");
            }
        } else if ("Exact".equals(rvMatch)) {
            long at = parseRv(rv);
            try {
                result = fromStore(prefix, prefix, at, limit, filter, r.http().param("labelSelector"), r.http().param("fieldSelector"));
            } catch (CompactedException e) {
                throw ApiException.gone("too old resource version: " + at + " (" + (e.compactRevision() + 1) + ")");
            }
        } else if (rv == null && limit > 0) {
            result = fromStore(prefix, prefix, 0, limit, filter, r.http().param("labelSelector"), r.http().param("fieldSelector"));
        } else {
            result = fromCache(prefix, rv, filter);
        }
        ObjectNode listMeta = Json.object();
        listMeta.put("resourceVersion", Long.toString(result.revision()));
        if (result.continueToken() != null) {
            listMeta.put("continue", result.continueToken());
            if (result.remaining() != null) {
                listMeta.put("remainingItemCount", result.remaining());
            }
        }
        if (out.table()) {
            r.responder().send(200, out.contentType(), out.encode(Tables.list(d, out,
                    result.items().stream().map(d::served).toList(), Long.toString(result.revision()),
                    result.continueToken(), result.remaining())));
            return;
        }
        ObjectNode list = Json.object();
        list.put("kind", d.listKind());
        list.put("apiVersion", d.apiVersion());
        list.set("metadata", listMeta);
        if (result.cached() != null && !out.yaml() && !d.converts()) {
            r.responder().send(200, out.contentType(), concatenated(list, result.cached()));
            return;
        }
        ArrayNode items = list.putArray("items");
        for (ObjectNode item : result.items()) {
            items.add(d.served(item));
        }
        r.responder().send(200, out.contentType(), out.encode(list));
    }

    /**
     * The JSON list written from each cached object's encoding (made once per revision and shared
     * with watchers) rather than by serializing every tree again.
     */
    private static byte[] concatenated(ObjectNode listHead, List<CachedObject> items) {
        byte[] head = Json.bytes(listHead);
        byte[][] encoded = new byte[items.size()][];
        long size = head.length + 16L;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = items.get(i).json();
            size += encoded[i].length + 1;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw ApiException.internal("list response too large");
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream((int) size);
        // The head is a complete object: reopen it before its closing brace to append items.
        b.write(head, 0, head.length - 1);
        b.writeBytes(",\"items\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < encoded.length; i++) {
            if (i > 0) {
                b.write(',');
            }
            b.writeBytes(encoded[i]);
        }
        b.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    /** {@code cached} is set when the items came from the watch cache, in the same order. */
    private record ListResult(List<ObjectNode> items, long revision, String continueToken, Long remaining,
                              List<CachedObject> cached) {
        ListResult(List<ObjectNode> items, long revision, String continueToken, Long remaining) {
            this(items, revision, continueToken, remaining, null);
        }
    }

    private ListResult fromCache(String prefix, String rv, Predicate<ObjectNode> filter) {
        WatchCache cache = ctx.cache();
        try {
            if (rv == null) {
                // A consistent read: the cache must have caught up with the store's current revision.
                long current = ctx.storage().store().currentRevision();
                if (!cache.waitFor(current, FRESHNESS_WAIT)) {
                    return fromStore(prefix, prefix, 0, 0, filter, null, null);
                }
            } else if (!rv.equals("0")) {
                long wanted = parseRv(rv);
                if (!cache.waitFor(wanted, FRESHNESS_WAIT)) {
                    throw ApiException.timeout("Too large resource version: " + wanted + ", current: " + cache.revision());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("server is shutting down");
        }
        WatchCache.Snapshot snap = cache.snapshot(prefix);
        List<ObjectNode> items = new ArrayList<>();
        List<CachedObject> cached = new ArrayList<>();
        for (CachedObject o : snap.objects()) {
            if (filter.test(o.object())) {
                items.add(o.object());
                cached.add(o);
            }
        }
        return new ListResult(items, snap.revision(), null, null, cached);
    }

    /** Reads up to {@code limit} matching objects at one revision, page by page from the store. */
    private ListResult fromStore(String prefix, String from, long revision, long limit, Predicate<ObjectNode> filter,
                                 String labelSelector, String fieldSelector) {
        boolean filtered = emptyToNull(labelSelector) != null || emptyToNull(fieldSelector) != null;
        List<ObjectNode> items = new ArrayList<>();
        long readAt = revision;
        String next = from;
        String lastExamined = null;
        boolean more = false;
        Long remaining = null;
        while (true) {
            long want = limit > 0 ? limit - items.size() : 0;
            Page page = ctx.storage().list(prefix, next, readAt, want);
            readAt = page.revision();
            int i = 0;
            for (Versioned v : page.items()) {
                i++;
                if (filter.test(v.object())) {
                    items.add(v.object());
                }
                lastExamined = v.key();
                if (limit > 0 && items.size() >= limit) {
                    more = i < page.items().size() || page.more();
                    if (more && !filtered) {
                        remaining = page.remaining() + (page.items().size() - i);
                    }
                    break;
                }
            }
            if (limit > 0 && items.size() >= limit) {
                break;
            }
            if (!page.more() || page.lastKey() == null) {
                break;
            }
            next = page.lastKey() + "\0";
        }
        String token = null;
        if (more && lastExamined != null) {
            token = new ContinueToken(readAt, lastExamined.substring(prefix.length()) + "\0").encode();
        }
        return new ListResult(items, readAt, token, remaining);
    }

    // ---- watch

    void watch(Request r) {
        ResourceDescriptor d = r.descriptor();
        Output out = r.output();
        Predicate<ObjectNode> filter = filter(r);
        String prefix = d.storagePrefix(r.namespace());
        String rv = emptyToNull(r.http().param("resourceVersion"));
        boolean bookmarks = r.http().flag("allowWatchBookmarks");
        String sendInitial = r.http().param("sendInitialEvents");
        boolean initialEvents = "true".equals(sendInitial);
        if (initialEvents && (!bookmarks || !"NotOlderThan".equals(r.http().param("resourceVersionMatch")))) {
            throw ApiException.invalid(d, "", List.of(FieldError.forbidden(
                    "sendInitialEvents", "sendInitialEvents requires allowWatchBookmarks=true and "
                            + "resourceVersionMatch=NotOlderThan")));
        }
        if (out.table()) {
            Tables.builder(d, out);
        }
        long timeoutSeconds = longParam(r, "timeoutSeconds");
        Duration timeout = timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds)
                : ctx.defaultWatchTimeout().plusMillis(ThreadLocalRandom.current().nextLong(
                        Math.max(1, ctx.defaultWatchTimeout().toMillis())));
        long from;
        try {
            if (initialEvents || rv == null) {
                if (rv == null || initialEvents && !rv.equals("0")) {
                    long wanted = rv == null ? ctx.storage().store().currentRevision() : parseRv(rv);
                    ctx.cache().waitFor(wanted, FRESHNESS_WAIT);
                }
                from = -1;
            } else if (rv.equals("0")) {
                from = -1;
            } else {
                from = parseRv(rv);
                // As for a list: a revision the cache does not reach soon is one this server has not seen.
                if (!ctx.cache().waitFor(from, FRESHNESS_WAIT)) {
                    throw ApiException.timeout("Too large resource version: " + from + ", current: "
                            + ctx.cache().revision());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("server is shutting down");
        }
        if ("false".equals(sendInitial) && from < 0) {
            from = ctx.cache().revision();
        }
        WatchCache.Subscription sub;
        try {
            sub = ctx.cache().watch(prefix, filter, from, ctx.watcherQueueLimit(), bookmarks);
        } catch (WatchCache.TooOldException e) {
            try (EventStream stream = r.responder().stream(200, "application/json")) {
                ObjectNode status = new ApiException(410, "Expired", e.getMessage(), null).status();
                stream.write(event("ERROR", Json.bytes(status)));
            }
            return;
        } catch (IllegalStateException notReady) {
            throw ApiException.unavailable("the watch cache is not ready yet");
        }
        try (var watcher = sub.watcher(); EventStream stream = r.responder().stream(200, out.contentType())) {
            stream.onClose(watcher::close);
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextBookmark = System.nanoTime() + ctx.bookmarkInterval().toNanos();
            boolean first = true;
            long initialLeft = from < 0 ? -1 : 0;
            if (initialEvents) {
                initialLeft = sub.initialEvents();
            }
            if (initialEvents && initialLeft == 0) {
                stream.write(bookmark(d, sub.startRevision(), true));
                initialLeft = -1;
            }
            // Events already queued go out together, with one flush: a flush per event cost more than the event.
            int unflushed = 0;
            while (stream.isOpen()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                WatchItem item = unflushed < MAX_UNFLUSHED ? watcher.poll(0, TimeUnit.NANOSECONDS) : null;
                if (item == null) {
                    if (unflushed > 0) {
                        if (!stream.flush()) {
                            break;
                        }
                        unflushed = 0;
                    }
                    item = watcher.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                    if (item == null) {
                        continue;
                    }
                }
                if (item instanceof WatchItem.Ended) {
                    break;
                }
                if (item instanceof WatchItem.Progress p) {
                    if (bookmarks && System.nanoTime() >= nextBookmark) {
                        if (!stream.append(bookmark(d, p.revision(), false))) {
                            break;
                        }
                        unflushed++;
                        nextBookmark = System.nanoTime() + ctx.bookmarkInterval().toNanos();
                    }
                    continue;
                }
                WatchItem.Event ev = (WatchItem.Event) item;
                byte[] objectJson = out.table()
                        ? Json.bytes(Tables.watchEvent(d, out, d.served(ev.object().object()),
                                Long.toString(ev.object().modRevision()), first))
                        : d.converts() ? Json.bytes(d.served(ev.object().object())) : ev.object().json();
                first = false;
                if (!stream.append(event(ev.type(), objectJson))) {
                    break;
                }
                unflushed++;
                if (initialLeft > 0 && --initialLeft == 0) {
                    stream.append(bookmark(d, sub.startRevision(), true));
                    initialLeft = -1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] event(String type, byte[] objectJson) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(objectJson.length + 32);
        b.writeBytes(("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(objectJson);
        b.writeBytes("}\n".getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static byte[] bookmark(ResourceDescriptor d, long revision, boolean initialEventsEnd) {
        ObjectNode obj = Json.object();
        obj.put("kind", d.kind());
        obj.put("apiVersion", d.apiVersion());
        ObjectNode meta = obj.putObject("metadata");
        meta.put("resourceVersion", Long.toString(revision));
        if (initialEventsEnd) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        return event("BOOKMARK", Json.bytes(obj));
    }

    // ---- deletecollection

    void deleteCollection(Request r) {
        ResourceDescriptor d = r.descriptor();
        Predicate<ObjectNode> filter = filter(r);
        DeleteOptions opts = DeleteOptions.from(r.http());
        boolean dryRun = r.dryRun() || opts.dryRun();
        ListResult all = fromStore(d.storagePrefix(r.namespace()), d.storagePrefix(r.namespace()), 0, 0, filter, null, null);
        ObjectNode list = Json.object();
        list.put("kind", d.listKind());
        list.put("apiVersion", d.apiVersion());
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (ObjectNode obj : all.items()) {
            String ns = Meta.get(obj, "namespace");
            String name = Meta.name(obj);
            try {
                items.add(d.served(objects.deleteOne(r, d.storageKey(ns, name), name, opts, dryRun).object()));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        Output out = r.output();
        r.responder().send(200, out.contentType(), out.encode(list));
    }

    // ---- shared

    private static Predicate<ObjectNode> filter(Request r) {
        return ObjectFilter.of(r.descriptor(), emptyToNull(r.http().param("labelSelector")),
                emptyToNull(r.http().param("fieldSelector")));
    }

    private static long parseRv(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version: \"" + rv + "\"");
        }
    }

    private static long longParam(Request r, String name) {
        String v = emptyToNull(r.http().param(name));
        if (v == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a non-negative integer: \"" + v + "\"");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
