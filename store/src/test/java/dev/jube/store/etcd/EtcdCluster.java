package dev.jube.store.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An N-member etcd cluster of child processes on 127.0.0.1. */
public final class EtcdCluster implements AutoCloseable {

    private final List<EtcdProcess> members;

    private EtcdCluster(List<EtcdProcess> members) {
        this.members = members;
    }

    /** Starts {@code size} members under {@code dir} and waits until each serves clients. */
    public static EtcdCluster start(Path dir, int size) {
        int[] ports = EtcdProcess.freePorts(2 * size);
        StringBuilder initialCluster = new StringBuilder();
        for (int i = 0; i < size; i++) {
            initialCluster.append(i == 0 ? "" : ",").append("m").append(i).append("=http://127.0.0.1:")
                    .append(ports[2 * i + 1]);
        }
        String token = "cluster-" + UUID.randomUUID();
        List<EtcdProcess> started = new ArrayList<>();
        EtcdCluster cluster = new EtcdCluster(started);
        try {
            // All members must run before any can be ready: readiness needs a quorum.
            for (int i = 0; i < size; i++) {
                started.add(EtcdProcess.launch(new EtcdProcess.Member("m" + i, dir.resolve("m" + i), ports[2 * i],
                        ports[2 * i + 1], initialCluster.toString(), token, null)));
            }
            for (EtcdProcess p : started) {
                p.awaitReady();
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public List<EtcdProcess> members() {
        return List.copyOf(members);
    }

    public List<URI> clientUrls() {
        return members.stream().map(EtcdProcess::clientUrl).toList();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (EtcdProcess p : members) {
            try {
                p.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
