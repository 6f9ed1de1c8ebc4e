package dev.jube.store.etcd;

import dev.jube.store.Store;
import dev.jube.store.StoreContractTest;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against a real etcd; each test gets its own key prefix. */
class EtcdStoreContractIT extends StoreContractTest {

    @TempDir
    static Path dir;
    static EtcdProcess etcd;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdProcess.start(dir);
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Store newStore() {
        return EtcdStore.connect(EtcdStore.Options.of(etcd.clientUrl().toString())
                .withKeyPrefix("/contract-" + UUID.randomUUID() + "/"));
    }
}
