package dev.jube.cli;

import dev.jube.store.Store;
import dev.jube.store.embedded.EmbeddedStore;
import dev.jube.store.etcd.EtcdStore;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Where the cluster's state lives: the embedded store (default) or an etcd cluster. */
final class DatastoreOptions {

    enum Kind { embedded, etcd }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--datastore", description = "embedded (default: under the data folder) or etcd.")
    Kind kind = Kind.embedded;

    @Option(names = "--etcd-endpoints", split = ",", paramLabel = "URL",
            description = "etcd client URLs, comma-separated (with --datastore etcd).")
    List<String> etcdEndpoints = List.of();

    @Option(names = "--etcd-prefix", description = "Key prefix, so several clusters can share one etcd (default: none).")
    String etcdPrefix = "";

    @Option(names = "--etcd-cafile", description = "CA that signed the etcd server certificates.")
    Path etcdCaFile;

    @Option(names = "--etcd-certfile", description = "Client certificate for etcd.")
    Path etcdCertFile;

    @Option(names = "--etcd-keyfile", description = "Client key for etcd (PKCS#8 PEM).")
    Path etcdKeyFile;

    /** Opens the store; the embedded one lives in {@code dataDir/store}. */
    Store open(Path dataDir) {
        return switch (kind) {
            case embedded -> {
                if (!etcdEndpoints.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--etcd-endpoints needs --datastore etcd");
                }
                yield EmbeddedStore.open(dataDir.resolve("store"));
            }
            case etcd -> {
                if (etcdEndpoints.isEmpty()) {
                    throw new ParameterException(spec.commandLine(),
                            "--datastore etcd needs --etcd-endpoints (e.g. --etcd-endpoints http://127.0.0.1:2379)");
                }
                EtcdStore.Options options = EtcdStore.Options.of(etcdEndpoints.toArray(String[]::new))
                        .withKeyPrefix(etcdPrefix);
                if (etcdCaFile != null || etcdCertFile != null || etcdKeyFile != null) {
                    options = options.withTls(etcdCaFile, etcdCertFile, etcdKeyFile);
                }
                yield EtcdStore.connect(options);
            }
        };
    }
}
