package dev.jube.kubelet.node;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.api.ApiException;
import dev.jube.kubelet.model.Json;
import dev.jube.kubelet.model.OwnerReference;
import dev.jube.kubelet.model.Node;
import dev.jube.kubelet.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static pods: pod manifests in a folder on the node, each mirrored into the API as
 * {@code NAME-NODE} with the kubernetes.io/config.mirror annotation, so that they run, show up in
 * {@code kubectl get pods} and come back when deleted there. A removed file removes its pod.
 */
final class StaticPods implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StaticPods.class);
    static final String MIRROR = "kubernetes.io/config.mirror";
    static final String HASH = "kubernetes.io/config.hash";
    static final String SOURCE = "kubernetes.io/config.source";

    private final ApiClient client;
    private final String nodeName;
    private final Path dir;
    private final Map<Path, Pod> known = new HashMap<>();
    private final Thread loop;
    private volatile boolean closed;

    StaticPods(ApiClient client, String nodeName, Path dir, Duration every) {
        this.client = client;
        this.nodeName = nodeName;
        this.dir = dir;
        this.loop = Thread.ofVirtual().name("static-pods").start(() -> {
            while (!closed) {
                try {
                    sync();
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("static pods: {}", e.toString());
                }
            }
        });
    }

    private void sync() {
        Map<Path, Pod> seen = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(StaticPods::manifest).sorted().toList()) {
                    Pod pod = read(f);
                    if (pod != null) {
                        seen.put(f, pod);
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", dir, e.getMessage());
            }
        }
        for (Map.Entry<Path, Pod> e : known.entrySet()) {
            Pod gone = e.getValue();
            Pod now = seen.get(e.getKey());
            if (now == null || !now.getMetadata().getName().equals(gone.getMetadata().getName())
                    || !hash(now).equals(hash(gone))) {
                delete(gone);
            }
        }
        known.clear();
        known.putAll(seen);
        for (Pod pod : seen.values()) {
            ensureMirror(pod);
        }
    }

    private static boolean manifest(Path f) {
        String n = f.getFileName().toString();
        return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    /** The manifest as its mirror pod: renamed for this node, pinned to it and marked as a mirror. */
    private Pod read(Path f) {
        byte[] bytes;
        Pod pod;
        try {
            bytes = Files.readAllBytes(f);
            pod = new Pod(Json.parseYamlObject(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("static pod manifest {} is not a pod: {}", f.getFileName(), e.getMessage());
            return null;
        }
        if (pod.getKind() != null && !pod.getKind().equals("Pod")) {
            LOG.warn("static pod manifest {} is a {}, not a Pod", f.getFileName(), pod.getKind());
            return null;
        }
        if (pod.getMetadata() == null || pod.getMetadata().getName() == null || pod.getSpec() == null) {
            LOG.warn("static pod manifest {} has no name or spec", f.getFileName());
            return null;
        }
        String hash = sha(bytes, nodeName);
        pod.getMetadata().withName(pod.getMetadata().getName() + "-" + nodeName);
        if (pod.getMetadata().getNamespace() == null) {
            pod.getMetadata().withNamespace("default");
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(pod.getMetadata().getAnnotations());
        annotations.put(HASH, hash);
        annotations.put(MIRROR, hash);
        annotations.put(SOURCE, "file");
        pod.getMetadata().withAnnotations(annotations);
        pod.getSpec().withNodeName(nodeName);
        return pod;
    }

    private void ensureMirror(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Pod existing = client.pods().get(ns, pod.getMetadata().getName());
        if (existing != null && hash(pod).equals(hash(existing)) && existing.getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        if (existing != null) {
            if (existing.getMetadata().getDeletionTimestamp() == null) {
                delete(existing);
            }
            return;
        }
        Node node = client.nodes().get(null, nodeName);
        if (node != null) {
            pod.getMetadata().withOwnerReferences(List.of(new OwnerReference().withApiVersion("v1")
                    .withKind("Node").withName(nodeName).withUid(node.getMetadata().getUid()).withController(true)));
        }
        try {
            client.pods().create(pod);
            LOG.info("static pod {}/{} mirrored", ns, pod.getMetadata().getName());
        } catch (ApiException e) {
            if (e.code() != 409) {
                LOG.warn("cannot mirror static pod {}: {}", pod.getMetadata().getName(), e.getMessage());
            }
        }
    }

    private void delete(Pod pod) {
        try {
            client.pods().delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), null);
        } catch (ApiException e) {
            LOG.debug("cannot delete static pod {}: {}", pod.getMetadata().getName(), e.getMessage());
        }
    }

    private static String hash(Pod pod) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        return a == null ? "" : a.getOrDefault(HASH, "");
    }

    private static String sha(byte[] bytes, String node) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes);
            md.update(node.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        loop.interrupt();
    }
}
