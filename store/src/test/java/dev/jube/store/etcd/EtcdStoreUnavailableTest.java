package dev.jube.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.store.InvalidRequestException;
import dev.jube.store.RangeRequest;
import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a reachable etcd, and after close, requests fail as unavailable instead of hanging. */
class EtcdStoreUnavailableTest {

    private static EtcdStore.Options nowhere() {
        // A port that was free a moment ago: nothing listens there.
        int port = EtcdProcess.freePorts(1)[0];
        return EtcdStore.Options.of("http://127.0.0.1:" + port).withRequestTimeout(Duration.ofSeconds(1));
    }

    @Test
    void anUnreachableEtcdIsUnavailable() {
        try (EtcdStore store = EtcdStore.connect(nowhere())) {
            assertThatThrownBy(() -> store.range(RangeRequest.key("k")))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.put("k", "v".getBytes(UTF_8)))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void aNonPositiveLeaseTtlIsRefusedBeforeAskingEtcd() {
        try (EtcdStore store = EtcdStore.connect(nowhere())) {
            assertThatThrownBy(() -> store.grantLease(0)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("TTL");
        }
    }

    @Test
    void aClosedStoreIsUnavailable() {
        EtcdStore store = EtcdStore.connect(nowhere());
        store.close();
        store.close();
        assertThatThrownBy(store::currentRevision).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.grantLease(10)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.watch(WatchRequest.prefix("a"), new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {}

            @Override
            public void onError(StoreException error) {}
        })).isInstanceOf(StoreUnavailableException.class);
    }
}
