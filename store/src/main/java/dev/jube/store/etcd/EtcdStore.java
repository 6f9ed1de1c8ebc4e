package dev.jube.store.etcd;

import dev.jube.store.CompactedException;
import dev.jube.store.Compare;
import dev.jube.store.FutureRevisionException;
import dev.jube.store.InvalidRequestException;
import dev.jube.store.KeyValue;
import dev.jube.store.LeaseGrant;
import dev.jube.store.LeaseNotFoundException;
import dev.jube.store.Op;
import dev.jube.store.OpResult;
import dev.jube.store.RangeRequest;
import dev.jube.store.RangeResponse;
import dev.jube.store.RequestTooLargeException;
import dev.jube.store.Store;
import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.TxnRequest;
import dev.jube.store.TxnResponse;
import dev.jube.store.Watch;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * The store on an etcd cluster (etcd 3.4+), through jetcd. Every key is stored under
 * {@link Options#keyPrefix()}, so several clusters can share one etcd; revisions are etcd's own
 * and therefore shared by all prefixes.
 */
public final class EtcdStore implements Store {

    /**
     * How to reach etcd. {@code endpoints} are {@code http://host:port} or {@code https://host:port}
     * URLs (all with the same scheme). With https, {@code caFile} is the CA that signed the server
     * certificate (null: the JVM's trust store); {@code certFile} and {@code keyFile} (PEM, key in
     * PKCS#8) are the client certificate, both or neither. {@code requestTimeout} bounds every
     * request; a watch whose stream breaks keeps reopening for three timeouts before it reports
     * the store unavailable.
     */
    public record Options(List<URI> endpoints, String keyPrefix, Path caFile, Path certFile, Path keyFile,
            Duration requestTimeout) {

        public Options {
            if (endpoints == null || endpoints.isEmpty()) {
                throw new IllegalArgumentException("at least one etcd endpoint is required");
            }
            endpoints = List.copyOf(endpoints);
            String scheme = null;
            for (URI e : endpoints) {
                if (!"http".equals(e.getScheme()) && !"https".equals(e.getScheme())) {
                    throw new IllegalArgumentException("etcd endpoint must be http://host:port or https://host:port: " + e);
                }
                if (e.getHost() == null || e.getPort() < 0) {
                    throw new IllegalArgumentException("etcd endpoint needs a host and a port: " + e);
                }
                if (scheme != null && !scheme.equals(e.getScheme())) {
                    throw new IllegalArgumentException("etcd endpoints mix http and https: " + endpoints);
                }
                scheme = e.getScheme();
            }
            if (keyPrefix == null) {
                keyPrefix = "";
            }
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException("a client certificate needs both the certificate file and the key file");
            }
            if ((caFile != null || certFile != null) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("TLS files are given but the etcd endpoints are not https: " + endpoints);
            }
            for (Path p : new Path[] {caFile, certFile, keyFile}) {
                if (p != null && !Files.isReadable(p)) {
                    throw new IllegalArgumentException("cannot read TLS file " + p);
                }
            }
            if (requestTimeout == null) {
                requestTimeout = Duration.ofSeconds(10);
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
            }
        }

        /** Plain-HTTP endpoints, no prefix, the default timeout. */
        public static Options of(String... endpoints) {
            List<URI> uris = new ArrayList<>();
            for (String e : endpoints) {
                uris.add(URI.create(e.trim()));
            }
            return new Options(uris, "", null, null, null, null);
        }

        public Options withKeyPrefix(String prefix) {
            return new Options(endpoints, prefix, caFile, certFile, keyFile, requestTimeout);
        }

        public Options withTls(Path ca, Path cert, Path key) {
            return new Options(endpoints, keyPrefix, ca, cert, key, requestTimeout);
        }

        public Options withRequestTimeout(Duration timeout) {
            return new Options(endpoints, keyPrefix, caFile, certFile, keyFile, timeout);
        }

        boolean tls() {
            return "https".equals(endpoints.getFirst().getScheme());
        }
    }

    private final Client client;
    private final KeyPrefix prefix;
    private final long timeoutMillis;
    /** How long a broken watch keeps trying to reopen before it reports the store unavailable. */
    private final Duration watchRetryLimit;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private EtcdStore(Client client, Options options) {
        this.client = client;
        this.prefix = new KeyPrefix(options.keyPrefix());
        this.timeoutMillis = options.requestTimeout().toMillis();
        this.watchRetryLimit = options.requestTimeout().multipliedBy(3);
    }

    /** Connects lazily: an unreachable etcd shows as {@link StoreUnavailableException} on first use. */
    public static EtcdStore connect(Options options) {
        ClientBuilder builder = Client.builder()
                .endpoints(options.endpoints().toArray(URI[]::new))
                // Large values and ranges: the 1.5 MiB request limit is etcd's, not the client's.
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .connectTimeout(options.requestTimeout());
        if (options.tls()) {
            try {
                builder.sslContext(ssl -> {
                    if (options.caFile() != null) {
                        ssl.trustManager(options.caFile().toFile());
                    }
                    if (options.certFile() != null) {
                        ssl.keyManager(options.certFile().toFile(), options.keyFile().toFile());
                    }
                });
            } catch (SSLException | RuntimeException e) {
                throw new IllegalArgumentException("cannot set up TLS for etcd: " + e.getMessage(), e);
            }
        }
        return new EtcdStore(builder.build(), options);
    }

    @Override
    public RangeResponse range(RangeRequest request) {
        requireKey(request.key());
        GetResponse response = call(() -> client.getKVClient().get(prefix.key(request.key()), getOption(request)),
                request.revision(), 0);
        return rangeResponse(response);
    }

    @Override
    public TxnResponse txn(TxnRequest request) {
        int size = request.size();
        if (size > MAX_REQUEST_BYTES) {
            throw new RequestTooLargeException(size);
        }
        List<Cmp> compares = new ArrayList<>();
        for (Compare c : request.compares()) {
            compares.add(cmp(c));
        }
        io.etcd.jetcd.op.Op[] success = ops(request.success());
        io.etcd.jetcd.op.Op[] failure = ops(request.failure());
        io.etcd.jetcd.kv.TxnResponse response = call(() -> client.getKVClient().txn()
                        .If(compares.toArray(Cmp[]::new))
                        .Then(success)
                        .Else(failure)
                        .commit(),
                0, leaseOf(request));
        List<Op> ran = response.isSucceeded() ? request.success() : request.failure();
        return new TxnResponse(response.isSucceeded(), response.getHeader().getRevision(), results(ran, response));
    }

    @Override
    public Watch watch(WatchRequest request, WatchListener listener) {
        ensureOpen();
        // jetcd opens the watch asynchronously; "from now" must mean from this call, not from
        // whenever etcd sees the watch, or changes made right after this call returns are missed.
        long start = request.startRevision() == 0 ? currentRevision() + 1 : request.startRevision();
        ByteSequence key = prefix.key(request.key());
        EtcdWatch.Opener opener = (from, jetcdListener) -> {
            WatchOption.Builder option = WatchOption.builder()
                    .withRevision(from)
                    .withPrevKV(request.prevKv())
                    .withCreateNotify(true);
            if (!request.rangeEnd().isEmpty()) {
                option.withRange(prefix.rangeEnd(request.rangeEnd()));
            }
            return client.getWatchClient().watch(key, option.build(), jetcdListener);
        };
        EtcdWatch watch = new EtcdWatch(start, opener, listener, this::event, this::watchError, watches::remove,
                watchRetryLimit);
        watches.add(watch);
        try {
            watch.open();
        } catch (RuntimeException e) {
            watch.close();
            throw translate(e, start, 0);
        }
        return watch;
    }

    @Override
    public void compact(long revision) {
        call(() -> client.getKVClient().compact(revision), revision, 0);
    }

    @Override
    public LeaseGrant grantLease(long ttlSeconds) {
        if (ttlSeconds <= 0) {
            throw new InvalidRequestException("lease TTL must be positive: " + ttlSeconds);
        }
        var response = call(() -> client.getLeaseClient().grant(ttlSeconds), 0, 0);
        return new LeaseGrant(response.getID(), response.getTTL());
    }

    @Override
    public long keepAliveLease(long leaseId) {
        var response = call(() -> client.getLeaseClient().keepAliveOnce(leaseId), 0, leaseId);
        // etcd answers a keep-alive for an unknown lease with TTL 0 rather than an error.
        if (response.getTTL() <= 0) {
            throw new LeaseNotFoundException(leaseId);
        }
        return response.getTTL();
    }

    @Override
    public void revokeLease(long leaseId) {
        call(() -> client.getLeaseClient().revoke(leaseId), 0, leaseId);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EtcdWatch w : List.copyOf(watches)) {
            w.close();
        }
        client.close();
    }

    // --- requests

    private GetOption getOption(RangeRequest request) {
        GetOption.Builder option = GetOption.builder()
                .withRevision(request.revision())
                .withLimit(request.limit())
                .withKeysOnly(request.keysOnly())
                .withCountOnly(request.countOnly());
        if (request.isRange()) {
            option.withRange(prefix.rangeEnd(request.rangeEnd()));
        }
        return option.build();
    }

    private Cmp cmp(Compare c) {
        requireKey(c.key());
        Cmp.Op op = switch (c.result()) {
            case EQUAL -> Cmp.Op.EQUAL;
            case NOT_EQUAL -> Cmp.Op.NOT_EQUAL;
            case GREATER -> Cmp.Op.GREATER;
            case LESS -> Cmp.Op.LESS;
        };
        CmpTarget<?> target = switch (c.target()) {
            case VERSION -> CmpTarget.version(c.value());
            case CREATE -> CmpTarget.createRevision(c.value());
            case MOD -> CmpTarget.modRevision(c.value());
            case LEASE -> throw new InvalidRequestException(
                    "the etcd backend cannot compare a key's lease (jetcd has no lease compare target): " + c);
        };
        return new Cmp(prefix.key(c.key()), op, target);
    }

    private io.etcd.jetcd.op.Op[] ops(List<Op> ops) {
        List<io.etcd.jetcd.op.Op> result = new ArrayList<>();
        for (Op op : ops) {
            result.add(switch (op) {
                case Op.Put p -> {
                    requireKey(p.key());
                    PutOption.Builder o = PutOption.builder().withLeaseId(p.lease());
                    if (p.prevKv()) {
                        o.withPrevKV();
                    }
                    yield io.etcd.jetcd.op.Op.put(prefix.key(p.key()), ByteSequence.from(p.value()), o.build());
                }
                case Op.Delete d -> {
                    requireKey(d.key());
                    DeleteOption.Builder o = DeleteOption.builder().withPrevKV(d.prevKv());
                    if (!d.rangeEnd().isEmpty()) {
                        o.withRange(prefix.rangeEnd(d.rangeEnd()));
                    }
                    yield io.etcd.jetcd.op.Op.delete(prefix.key(d.key()), o.build());
                }
                case Op.Get g -> {
                    requireKey(g.request().key());
                    yield io.etcd.jetcd.op.Op.get(prefix.key(g.request().key()), getOption(g.request()));
                }
            });
        }
        return result.toArray(io.etcd.jetcd.op.Op[]::new);
    }

    /** jetcd groups a transaction's results by kind; the store returns them in operation order. */
    private List<OpResult> results(List<Op> ran, io.etcd.jetcd.kv.TxnResponse response) {
        Iterator<PutResponse> puts = response.getPutResponses().iterator();
        Iterator<DeleteResponse> deletes = response.getDeleteResponses().iterator();
        Iterator<GetResponse> gets = response.getGetResponses().iterator();
        List<OpResult> results = new ArrayList<>(ran.size());
        for (Op op : ran) {
            results.add(switch (op) {
                case Op.Put p -> {
                    PutResponse r = puts.next();
                    yield new OpResult.PutResult(r.hasPrevKv() ? kv(r.getPrevKv()) : null);
                }
                case Op.Delete d -> {
                    DeleteResponse r = deletes.next();
                    yield new OpResult.DeleteResult(r.getDeleted(), r.getPrevKvs().stream().map(this::kv).toList());
                }
                case Op.Get g -> new OpResult.GetResult(rangeResponse(gets.next()));
            });
        }
        return results;
    }

    private RangeResponse rangeResponse(GetResponse r) {
        return new RangeResponse(r.getHeader().getRevision(), r.getKvs().stream().map(this::kv).toList(), r.isMore(),
                r.getCount());
    }

    private KeyValue kv(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(prefix.strip(kv.getKey()), kv.getValue().getBytes(), kv.getCreateRevision(),
                kv.getModRevision(), kv.getVersion(), kv.getLease());
    }

    private WatchEvent event(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue prev = e.getPrevKV();
        // jetcd hands out an empty key-value when there is no previous value.
        KeyValue prevKv = prev == null || prev.getKey().isEmpty() ? null : kv(prev);
        WatchEvent.Type type = switch (e.getEventType()) {
            case PUT -> WatchEvent.Type.PUT;
            case DELETE -> WatchEvent.Type.DELETE;
            default -> throw new StoreException("unknown watch event type from etcd: " + e.getEventType());
        };
        return new WatchEvent(type, kv(e.getKeyValue()), prevKv);
    }

    private static void requireKey(String key) {
        if (key.isEmpty()) {
            throw new InvalidRequestException("key is not provided: keys must not be empty");
        }
    }

    private static long leaseOf(TxnRequest request) {
        for (List<Op> ops : List.of(request.success(), request.failure())) {
            for (Op op : ops) {
                if (op instanceof Op.Put p && p.lease() != 0) {
                    return p.lease();
                }
            }
        }
        return 0;
    }

    // --- errors

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("the etcd store is closed", null);
        }
    }

    /** Sends a request and waits for it; {@code revision} and {@code lease} give failures their context. */
    private <T> T call(Supplier<CompletableFuture<T>> request, long revision, long lease) {
        ensureOpen();
        CompletableFuture<T> future;
        try {
            future = request.get();
        } catch (RuntimeException e) {
            throw translate(e, revision, lease);
        }
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for etcd", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StoreUnavailableException("etcd did not answer within " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            throw translate(e, revision, lease);
        }
    }

    private StoreException translate(Throwable error, long revision, long lease) {
        Throwable cause = EtcdError.unwrap(error);
        if (cause instanceof StoreException se) {
            return se;
        }
        String message = EtcdError.messageOf(cause);
        return switch (EtcdError.classify(cause)) {
            case COMPACTED -> cause instanceof io.etcd.jetcd.common.exception.CompactedException c
                    ? new CompactedException(c.getCompactedRevision())
                    : new CompactedException(compactedRevision());
            case FUTURE_REVISION -> new FutureRevisionException(revision, currentRevisionOrUnknown());
            case TOO_LARGE -> new RequestTooLargeException("etcd refused the request as too large: " + message);
            case LEASE_NOT_FOUND -> new LeaseNotFoundException(lease);
            case INVALID -> new InvalidRequestException("etcd refused the request: " + message);
            case UNAVAILABLE -> new StoreUnavailableException(
                    closed ? "the etcd store is closed" : "etcd is unavailable: " + message, cause);
            case OTHER -> new StoreException("etcd request failed: " + message, cause);
        };
    }

    private StoreException watchError(Throwable error) {
        return translate(error, 0, 0);
    }

    private long currentRevisionOrUnknown() {
        try {
            return currentRevision();
        } catch (StoreException e) {
            return -1;
        }
    }

    /**
     * etcd's "compacted" error on a read does not say up to where; a watch from revision 1 on a
     * key that never exists is answered with the compact revision.
     */
    private long compactedRevision() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        AtomicLong seen = new AtomicLong(-1);
        io.etcd.jetcd.Watch.Watcher probe = client.getWatchClient().watch(
                prefix.key("\0compaction-probe"), WatchOption.builder().withRevision(1).build(),
                new io.etcd.jetcd.Watch.Listener() {
                    @Override
                    public void onNext(io.etcd.jetcd.watch.WatchResponse response) {}

                    @Override
                    public void onError(Throwable t) {
                        if (EtcdError.unwrap(t) instanceof io.etcd.jetcd.common.exception.CompactedException c) {
                            seen.set(c.getCompactedRevision());
                        }
                        result.complete(seen.get());
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(seen.get());
                    }
                });
        try {
            return result.get(Math.min(timeoutMillis, 5000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } finally {
            probe.close();
        }
    }
}
