package dev.jube.apiserver.endpoints;

import dev.jube.api.apply.ApplyConflictException;
import dev.jube.api.apply.ApplyException;
import dev.jube.api.apply.Schema;
import dev.jube.api.apply.ServerSideApply;
import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.admission.AdmissionRequest;
import dev.jube.apiserver.admission.AdmissionRequest.Operation;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.Allocation;
import dev.jube.apiserver.registry.InvalidObjectException;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ScaleSubresource;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import dev.jube.apiserver.storage.ObjectStorage.WriteResult;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST verbs for every kind: one implementation driven by the {@link ResourceDescriptor}.
 * Writes are compare-and-swap transactions on the key's modRevision, so concurrent writers never
 * overwrite each other silently and a failed request writes nothing.
 */
public final class ResourceHandler {

    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    /**
     * Like upstream's guaranteed update, an update without a client precondition keeps retrying
     * while others win the race: every round one writer succeeds, so contention always drains.
     */
    private static final long CONTENDED_UPDATE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HandlerContext ctx;
    private final ListWatchHandler lists;
    private final FieldValidation fields;

    ResourceHandler(HandlerContext ctx, FieldValidation fields) {
        this.ctx = ctx;
        this.fields = fields;
        this.lists = new ListWatchHandler(ctx, this);
    }

    void serve(Request r) {
        ResourceDescriptor d = r.descriptor();
        RequestInfo info = r.info();
        String verb = info.verb();
        if (info.subresource() != null) {
            if (!d.subresources().contains(info.subresource())) {
                throw ApiException.pathNotFound();
            }
            if (info.subresource().equals("finalize") ? !verb.equals("update")
                    : !verb.equals("get") && !verb.equals("update") && !verb.equals("patch")) {
                throw ApiException.methodNotSupported(verb, d);
            }
        }
        if (!d.namespaced() && info.namespace() != null) {
            throw ApiException.pathNotFound();
        }
        if (d.namespaced() && info.namespace() == null && !verb.equals("list") && !verb.equals("watch")) {
            throw ApiException.pathNotFound();
        }
        if (!d.allows(verb)) {
            throw ApiException.methodNotSupported(verb, d);
        }
        switch (verb) {
            case "get" -> get(r);
            case "list" -> lists.list(r);
            case "watch" -> lists.watch(r);
            case "create" -> create(r);
            case "update" -> update(r);
            case "patch" -> patch(r);
            case "delete" -> delete(r);
            case "deletecollection" -> lists.deleteCollection(r);
            default -> throw ApiException.methodNotSupported(verb, d);
        }
    }

    // ---- get

    private void get(Request r) {
        Versioned v = ctx.storage().get(r.key());
        if (v == null) {
            throw ApiException.notFound(r.descriptor(), r.name());
        }
        respondObject(r, 200, isScale(r) ? ScaleSubresource.read(r.descriptor(), v.object()) : v.object());
    }

    // ---- create

    private void create(Request r) {
        ResourceDescriptor d = r.descriptor();
        if (r.name() != null) {
            throw ApiException.methodNotSupported("create", d);
        }
        FieldValidation.Mode mode = FieldValidation.mode(r, "CreateOptions");
        ObjectNode body = checkedTypeMeta(d, Bodies.object(r.http()));
        FieldValidation.warn(r, fields.checkDecoded(d, body, mode));
        createObject(r, d.toStorage(body), false);
    }

    /**
     * Creates {@code body} (in the storage version: a create request's object, or the result of
     * an apply that creates); {@code tracked} when its managedFields are already the request's.
     */
    private void createObject(Request r, ObjectNode body, boolean tracked) {
        ResourceDescriptor d = r.descriptor();
        boolean dryRun = r.dryRun();
        ObjectNode meta = Meta.of(body);
        if (d.namespaced()) {
            String ns = Meta.get(body, "namespace");
            if (ns != null && !ns.isEmpty() && !ns.equals(r.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.put("namespace", r.namespace());
        } else {
            meta.remove("namespace");
        }
        if (Meta.resourceVersion(body) != null) {
            throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
        }
        String generateName = Meta.get(body, "generateName");
        boolean generated = (Meta.name(body) == null || Meta.name(body).isEmpty())
                && generateName != null && !generateName.isEmpty();
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Json.timestamp(Instant.now()));
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        if (d.tracksGeneration()) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        d.strategy().prepareForCreate(d, body);
        Meta.dropEmpty(body);
        if (!tracked) {
            body = FieldTracking.trackUpdate(r, null, body, "CreateOptions");
            meta = Meta.of(body);
        }
        for (int attempt = 0; ; attempt++) {
            if (generated) {
                meta.put("name", generateName(generateName));
            }
            String name = Meta.name(body);
            List<FieldError> errors = new ArrayList<>(MetaValidation.validate(d, body));
            errors.addAll(d.strategy().validate(d, body));
            if (!errors.isEmpty()) {
                throw ApiException.invalid(d, name, errors);
            }
            ctx.admission().admit(new AdmissionRequest(Operation.CREATE, d, r.namespace(), name, null, body, null,
                    r.user(), dryRun, ctx.objects()));
            String key = d.storageKey(r.namespace(), name);
            if (dryRun) {
                if (ctx.storage().get(key) != null) {
                    throw ApiException.alreadyExists(d, name);
                }
                allocate(d, body, null, true);
                respondObject(r, 201, body);
                return;
            }
            Allocation allocation = allocate(d, body, null, false);
            WriteResult w;
            try {
                w = ctx.storage().create(key, body);
            } catch (RuntimeException e) {
                allocation.rollback();
                throw e;
            }
            if (w.succeeded()) {
                allocation.commit();
                meta.put("resourceVersion", Long.toString(w.revision()));
                respondObject(r, 201, body);
                return;
            }
            allocation.rollback();
            if (!generated || attempt >= 7) {
                throw ApiException.alreadyExists(d, name);
            }
        }
    }

    private static String generateName(String base) {
        String prefix = base.length() > 58 ? base.substring(0, 58) : base;
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < 5; i++) {
            b.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
        }
        return b.toString();
    }

    // ---- update and patch

    private void update(Request r) {
        FieldValidation.Mode mode = FieldValidation.mode(r, "UpdateOptions");
        ObjectNode body = checkedTypeMeta(r, Bodies.object(r.http()));
        if (!isScale(r)) {
            FieldValidation.warn(r, fields.checkDecoded(r.descriptor(), body, mode));
        }
        String bodyName = Meta.name(body);
        if (bodyName == null || bodyName.isEmpty()) {
            Meta.of(body).put("name", r.name());
        } else if (!bodyName.equals(r.name())) {
            throw ApiException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + r.name() + ")");
        }
        checkNamespace(r, body);
        ObjectNode result = updateLoop(r, current -> body.deepCopy(), Meta.resourceVersion(body) != null,
                "UpdateOptions");
        respondObject(r, 200, result);
    }

    private void patch(Request r) {
        String type = Bodies.contentType(r.http());
        ResourceDescriptor d = r.descriptor();
        Patches.checkSupported(d, type);
        if (r.http().param("force") != null && !Patches.APPLY_PATCH.equals(type)) {
            throw ApiException.invalid("meta.k8s.io", "PatchOptions", "", List.of(
                    FieldError.forbidden("force", "may not be specified for non-apply patch")));
        }
        byte[] patch = r.http().body();
        if (patch.length == 0) {
            throw ApiException.badRequest("the patch body is empty");
        }
        FieldValidation.Mode mode = FieldValidation.mode(r, "PatchOptions");
        if (Patches.APPLY_PATCH.equals(type)) {
            apply(r, patch, mode);
            return;
        }
        Set<String> unknown = new LinkedHashSet<>();
        ObjectNode result = updateLoop(r, current -> {
            JsonNode patched = Patches.apply(d, type, current, patch);
            if (!(patched instanceof ObjectNode obj)) {
                throw ApiException.badRequest("the patched object is not an object");
            }
            Bodies.checkMetadata(obj);
            obj = checkedTypeMeta(r, obj);
            if (!isScale(r)) {
                unknown.addAll(fields.checkPatched(d, obj, mode));
            }
            if (!r.name().equals(Meta.name(obj))) {
                throw ApiException.invalid(d, r.name(), List.of(FieldError.invalid("metadata.name", Meta.name(obj),
                        "field is immutable")));
            }
            checkNamespace(r, obj);
            return obj;
        }, true, "PatchOptions");
        FieldValidation.warn(r, unknown);
        respondObject(r, 200, result);
    }

    /**
     * Server-side apply: merges the applied configuration into the live object (or creates it),
     * owning its fields for the fieldManager; conflicts with other managers are 409 unless forced.
     */
    private void apply(Request r, byte[] body, FieldValidation.Mode mode) {
        ResourceDescriptor d = r.descriptor();
        String manager = r.http().param("fieldManager");
        if (manager == null || manager.isEmpty()) {
            throw ApiException.invalid("meta.k8s.io", "PatchOptions", "", List.of(
                    FieldError.required("fieldManager", "is required for apply patch")));
        }
        FieldTracking.manager(r, "PatchOptions");
        String force = r.http().param("force");
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw ApiException.badRequest("force must be true or false, not \"" + force + "\"");
        }
        ObjectNode applied = Bodies.yamlObject(body);
        checkedTypeMeta(r, applied.deepCopy());
        if (!isScale(r)) {
            FieldValidation.warn(r, fields.checkPatched(d, applied, mode));
        }
        String name = Meta.name(applied);
        if (name != null && !name.isEmpty() && !name.equals(r.name())) {
            throw ApiException.badRequest("the name of the object (" + name
                    + ") does not match the name on the URL (" + r.name() + ")");
        }
        if (name == null || name.isEmpty()) {
            Meta.of(applied).put("name", r.name());
        }
        checkNamespace(r, applied);
        var schema = isScale(r) ? Schema.DEDUCED : FieldTracking.schema(d);
        var options = FieldTracking.options(r);
        boolean forced = "true".equals(force);
        try {
            if (ctx.storage().get(r.key()) == null && r.info().subresource() == null) {
                ObjectNode created = ServerSideApply.apply(null, applied, manager, forced, schema, options).object();
                createObject(r, d.toStorage(created), true);
                return;
            }
            ObjectNode result = updateLoop(r, current -> {
                return checkedTypeMeta(r,
                        ServerSideApply.apply(current, applied, manager, forced, schema, options).object());
            }, true, null);
            respondObject(r, 200, result);
        } catch (ApplyConflictException e) {
            throw FieldTracking.conflict(e);
        } catch (ApplyException e) {
            throw FieldTracking.failure(d, r.name(), e);
        }
    }

    private void checkNamespace(Request r, ObjectNode obj) {
        if (!r.descriptor().namespaced()) {
            Meta.of(obj).remove("namespace");
            return;
        }
        String ns = Meta.get(obj, "namespace");
        if (ns != null && !ns.isEmpty() && !ns.equals(r.namespace())) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        Meta.of(obj).put("namespace", r.namespace());
    }

    /**
     * Reads the current object, builds the new one from it, and writes it if the key has not
     * changed meanwhile; a concurrent change makes the loop start over from the fresh object. A
     * resourceVersion in the new object is a precondition: an update's body carries the client's,
     * a patched object inherits the current one unless the patch itself sets it, so a patch is
     * conditional only when the client asked for that.
     */
    private ObjectNode updateLoop(Request r, Function<ObjectNode, ObjectNode> produce, boolean preconditionMayBeSet,
                                  String trackAs) {
        ResourceDescriptor d = r.descriptor();
        boolean dryRun = r.dryRun();
        boolean statusOnly = "status".equals(r.info().subresource());
        boolean scale = isScale(r);
        boolean finalize = "finalize".equals(r.info().subresource());
        long deadline = System.nanoTime() + CONTENDED_UPDATE_LIMIT_NANOS;
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            backOffAfterLosing(attempt);
            Versioned current = ctx.storage().get(r.key());
            if (current == null) {
                throw ApiException.notFound(d, r.name());
            }
            ObjectNode old = current.object();
            ObjectNode incoming = scale ? produce.apply(ScaleSubresource.read(d, old))
                    : d.toStorage(produce.apply(d.served(old.deepCopy())));
            String precondition = preconditionMayBeSet ? Meta.resourceVersion(incoming) : null;
            if (precondition != null && !precondition.equals(Long.toString(current.modRevision()))) {
                throw ApiException.staleUpdate(d, r.name());
            }
            String uid = Meta.get(incoming, "uid");
            if (uid != null && !uid.isEmpty() && !uid.equals(Meta.get(old, "uid"))) {
                throw ApiException.conflict(d, r.name(), "Precondition failed: UID in precondition: " + uid
                        + ", UID in object meta: " + Meta.get(old, "uid"));
            }
            ObjectNode updated;
            if (scale) {
                try {
                    updated = ScaleSubresource.write(d, incoming, old);
                } catch (InvalidObjectException e) {
                    throw ApiException.invalid(d, r.name(), e.errors());
                }
            } else if (statusOnly) {
                updated = d.strategy().prepareForStatusUpdate(d, incoming, old);
            } else if (finalize) {
                updated = d.strategy().prepareForFinalize(d, incoming, old);
            } else {
                updated = incoming;
                for (String f : new String[] {"uid", "creationTimestamp", "deletionTimestamp",
                        "deletionGracePeriodSeconds", "generation"}) {
                    Meta.keep(updated, old, f);
                }
                d.strategy().prepareForUpdate(d, updated, old);
            }
            if (!statusOnly && !finalize && d.tracksGeneration()
                    && !Meta.specPart(updated, d.hasStatus()).equals(Meta.specPart(old, d.hasStatus()))) {
                long gen = old.path("metadata").path("generation").asLong(0);
                Meta.of(updated).put("generation", gen + 1);
            }
            Meta.dropEmpty(updated);
            if (trackAs != null) {
                updated = FieldTracking.trackUpdate(r, old, updated, trackAs);
            }
            Meta.of(updated).put("resourceVersion", Long.toString(current.modRevision()));
            if (d.tracksGeneration() && !Meta.of(updated).has("generation")) {
                Meta.of(updated).put("generation", 1);
            }
            List<FieldError> errors = new ArrayList<>(MetaValidation.validate(d, updated));
            errors.addAll(d.strategy().validateUpdate(d, updated, old));
            if (!errors.isEmpty()) {
                throw ApiException.invalid(d, r.name(), errors);
            }
            ctx.admission().admit(new AdmissionRequest(Operation.UPDATE, d, r.namespace(), r.name(),
                    r.info().subresource(), updated, old, r.user(), dryRun, ctx.objects()));
            if (updated.equals(old)) {
                return scale ? ScaleSubresource.read(d, old) : old;
            }
            if (dryRun) {
                if (!statusOnly && !scale) {
                    allocate(d, updated, old, true);
                }
                return scale ? ScaleSubresource.read(d, updated) : updated;
            }
            boolean finished = Meta.deleting(updated) && !Meta.hasFinalizers(updated)
                    && !d.strategy().holdsDeletion(updated)
                    && updated.path("metadata").path("deletionGracePeriodSeconds").asLong(0) == 0;
            Allocation allocation = statusOnly || scale || finished ? Allocation.NONE : allocate(d, updated, old, false);
            WriteResult w;
            try {
                w = finished
                        ? ctx.storage().delete(r.key(), current.modRevision())
                        : ctx.storage().update(r.key(), updated, current.modRevision());
            } catch (RuntimeException e) {
                allocation.rollback();
                throw e;
            }
            if (w.succeeded()) {
                allocation.commit();
                if (finished) {
                    d.strategy().released(ctx.storage(), d, old);
                }
                Meta.of(updated).put("resourceVersion", Long.toString(w.revision()));
                return scale ? ScaleSubresource.read(d, updated) : updated;
            }
            allocation.rollback();
            if (w.current() == null) {
                throw ApiException.notFound(d, r.name());
            }
            // Start over from the fresh object: a patch re-applied to it inherits its resourceVersion,
            // so only a precondition the client sent itself fails the check above.
        }
        throw ApiException.staleUpdate(d, r.name());
    }

    /** A little random back-off once a writer has lost a few rounds, so contenders spread out. */
    private static void backOffAfterLosing(int attempt) {
        if (attempt < 4) {
            return;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, Math.min(attempt, 20)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a contended update", e);
        }
    }

    // ---- delete

    private void delete(Request r) {
        ResourceDescriptor d = r.descriptor();
        DeleteOptions opts = DeleteOptions.from(r.http());
        boolean dryRun = r.dryRun() || opts.dryRun();
        DeleteOutcome outcome = deleteOne(r, r.key(), r.name(), opts, dryRun);
        if (outcome.removed() && !d.returnDeletedObject()) {
            ObjectNode details = Json.object();
            details.put("name", r.name());
            if (!d.group().isEmpty()) {
                details.put("group", d.group());
            }
            details.put("kind", d.resource());
            String uid = Meta.get(outcome.object(), "uid");
            if (uid != null) {
                details.put("uid", uid);
            }
            ObjectNode status = ApiException.status(200, null, null, details);
            r.responder().send(200, "application/json", r.output().encode(status));
            return;
        }
        respondObject(r, 200, outcome.object());
    }

    /** The object after a delete request, and whether it is gone (rather than marked for deletion). */
    record DeleteOutcome(ObjectNode object, boolean removed) {}

    /** Deletes or marks one object; 404 when it does not exist. */
    DeleteOutcome deleteOne(Request r, String key, String name, DeleteOptions opts, boolean dryRun) {
        ResourceDescriptor d = r.descriptor();
        long deadline = System.nanoTime() + CONTENDED_UPDATE_LIMIT_NANOS;
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            backOffAfterLosing(attempt);
            Versioned current = ctx.storage().get(key);
            if (current == null) {
                throw ApiException.notFound(d, name);
            }
            ObjectNode obj = current.object();
            if (opts.uid() != null && !opts.uid().equals(Meta.get(obj, "uid"))) {
                throw ApiException.conflict(d, name, "Precondition failed: UID in precondition: " + opts.uid()
                        + ", UID in object meta: " + Meta.get(obj, "uid"));
            }
            if (opts.resourceVersion() != null && !opts.resourceVersion().equals(Meta.resourceVersion(obj))) {
                throw ApiException.conflict(d, name, "Precondition failed: ResourceVersion in precondition: "
                        + opts.resourceVersion() + ", ResourceVersion in object meta: " + Meta.resourceVersion(obj));
            }
            String refused = Meta.deleting(obj) ? d.strategy().refuseRepeatedDelete(obj) : null;
            if (refused != null) {
                throw ApiException.conflict(d, name, refused);
            }
            ctx.admission().admit(new AdmissionRequest(Operation.DELETE, d, Meta.get(obj, "namespace"), name, null,
                    null, obj, r.user(), dryRun, ctx.objects()));
            long grace = d.strategy().deletionGracePeriodSeconds(d, obj, opts.gracePeriodSeconds());
            String gcFinalizer = gcFinalizer(opts.propagationPolicy());
            boolean finalizers = Meta.hasFinalizers(obj) || gcFinalizer != null || d.strategy().holdsDeletion(obj);
            if (finalizers || grace > 0) {
                ObjectNode marked = obj.deepCopy();
                ObjectNode meta = Meta.of(marked);
                boolean newFinalizer = gcFinalizer != null && !hasFinalizer(obj, gcFinalizer);
                if (newFinalizer) {
                    meta.withArray("finalizers").add(gcFinalizer);
                }
                long existingGrace = meta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE);
                boolean sooner = !Meta.deleting(obj) || grace < existingGrace;
                if (!sooner && !newFinalizer) {
                    return new DeleteOutcome(obj, false);
                }
                if (sooner) {
                    meta.put("deletionTimestamp", Json.timestamp(Instant.now().plusSeconds(grace)));
                    meta.put("deletionGracePeriodSeconds", grace);
                }
                d.strategy().markedForDeletion(marked);
                if (dryRun) {
                    return new DeleteOutcome(marked, false);
                }
                WriteResult w = ctx.storage().update(key, marked, current.modRevision());
                if (w.succeeded()) {
                    meta.put("resourceVersion", Long.toString(w.revision()));
                    return new DeleteOutcome(marked, false);
                }
                continue;
            }
            if (dryRun) {
                return new DeleteOutcome(obj, true);
            }
            WriteResult w = ctx.storage().delete(key, current.modRevision());
            if (w.succeeded()) {
                d.strategy().released(ctx.storage(), d, obj);
                ObjectNode gone = obj.deepCopy();
                Meta.of(gone).put("resourceVersion", Long.toString(w.revision()));
                return new DeleteOutcome(gone, true);
            }
        }
        throw ApiException.conflict(d, name, "the object kept changing while it was being deleted; please retry");
    }

    /**
     * The finalizer that records an Orphan or Foreground deletion for the garbage collector, as
     * upstream does; Background (and no policy) needs none.
     */
    private static String gcFinalizer(String propagationPolicy) {
        return switch (propagationPolicy == null ? "" : propagationPolicy) {
            case "Orphan" -> "orphan";
            case "Foreground" -> "foregroundDeletion";
            default -> null;
        };
    }

    private static boolean hasFinalizer(ObjectNode obj, String finalizer) {
        for (JsonNode f : obj.path("metadata").path("finalizers")) {
            if (finalizer.equals(f.asString(""))) {
                return true;
            }
        }
        return false;
    }

    // ---- shared

    void respondObject(Request r, int code, ObjectNode stored) {
        Output out = r.output();
        ObjectNode obj = isScale(r) ? stored : r.descriptor().served(stored);
        if (out.table()) {
            r.responder().send(code, out.contentType(), out.encode(Tables.single(r.descriptor(), out, obj)));
            return;
        }
        r.responder().send(code, out.contentType(), out.encode(obj));
    }

    private static boolean isScale(Request r) {
        return "scale".equals(r.info().subresource());
    }

    /** Claims pool resources for a write, turning an unavailable value into 422 Invalid. */
    private Allocation allocate(ResourceDescriptor d, ObjectNode obj, ObjectNode old, boolean dryRun) {
        try {
            return d.strategy().allocate(ctx.storage(), d, obj, old, dryRun);
        } catch (InvalidObjectException e) {
            throw ApiException.invalid(d, Meta.name(obj), e.errors());
        }
    }

    /** The request body with checked type metadata; the scale subresource takes autoscaling/v1 Scale objects. */
    private static ObjectNode checkedTypeMeta(Request r, ObjectNode obj) {
        if (isScale(r)) {
            try {
                ScaleSubresource.checkTypeMeta(obj);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            return obj;
        }
        return checkedTypeMeta(r.descriptor(), obj);
    }

    private static ObjectNode checkedTypeMeta(ResourceDescriptor d, ObjectNode obj) {
        checkTypeMeta(d, obj);
        return obj;
    }

    static void checkTypeMeta(ResourceDescriptor d, ObjectNode obj) {
        JsonNode kind = obj.get("kind");
        JsonNode apiVersion = obj.get("apiVersion");
        if (kind != null && !kind.isNull() && !kind.asString().isEmpty() && !kind.asString().equals(d.kind())) {
            throw ApiException.badRequest("the object provided is unrecognized (must be of type " + d.kind() + "): kind \""
                    + kind.asString() + "\" does not match the resource " + d.qualifiedResource());
        }
        if (apiVersion != null && !apiVersion.isNull() && !apiVersion.asString().isEmpty()
                && !apiVersion.asString().equals(d.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion.asString()
                    + ") does not match the expected API version (" + d.apiVersion() + ")");
        }
        // Keep kind and apiVersion first, as upstream writes them.
        ObjectNode rest = obj.deepCopy();
        rest.remove("kind");
        rest.remove("apiVersion");
        obj.removeAll();
        obj.put("kind", d.kind());
        obj.put("apiVersion", d.apiVersion());
        obj.setAll(rest);
    }
}
