package dev.jube.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jube.store.LeaseGrant;
import dev.jube.store.LeaseNotFoundException;
import dev.jube.store.Op;
import dev.jube.store.TxnRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases outlive a restart with their full TTL, as in etcd, and then expire as usual. */
class LeasePersistenceTest {

    private static final EmbeddedStore.Options FAST_LEASE_CHECKS =
            EmbeddedStore.Options.DEFAULTS.withLeaseCheckPeriod(Duration.ofMillis(100));

    @TempDir
    Path dir;

    @Test
    void leasesAndTheirKeysSurviveReopenWithAFreshTtl() {
        LeaseGrant longLease;
        LeaseGrant shortLease;
        try (EmbeddedStore store = EmbeddedStore.open(dir, FAST_LEASE_CHECKS)) {
            longLease = store.grantLease(3600);
            shortLease = store.grantLease(2);
            store.txn(TxnRequest.of(Op.put("/long", new byte[] {1}, longLease.id()),
                    Op.put("/short", new byte[] {2}, shortLease.id())));
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir, FAST_LEASE_CHECKS)) {
            assertThat(store.keepAliveLease(longLease.id())).isEqualTo(3600);
            assertThat(store.get("/long").lease()).isEqualTo(longLease.id());
            assertThat(store.get("/short").lease()).isEqualTo(shortLease.id());
            // The short lease expires after reopening, deleting just its key.
            await().atMost(Duration.ofSeconds(20)).until(() -> store.get("/short") == null);
            assertThatThrownBy(() -> store.keepAliveLease(shortLease.id())).isInstanceOf(LeaseNotFoundException.class);
            assertThat(store.get("/long")).isNotNull();
            store.revokeLease(longLease.id());
            assertThat(store.get("/long")).isNull();
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir, FAST_LEASE_CHECKS)) {
            assertThatThrownBy(() -> store.keepAliveLease(longLease.id())).isInstanceOf(LeaseNotFoundException.class);
            assertThatThrownBy(() -> store.keepAliveLease(shortLease.id())).isInstanceOf(LeaseNotFoundException.class);
            assertThatThrownBy(() -> store.txn(TxnRequest.of(Op.put("/again", new byte[0], longLease.id()))))
                    .isInstanceOf(LeaseNotFoundException.class);
        }
    }

    @Test
    void aLeaseExpiredWhileClosedStillGetsItsFullTtlAfterReopen() {
        LeaseGrant lease;
        try (EmbeddedStore store = EmbeddedStore.open(dir, FAST_LEASE_CHECKS)) {
            lease = store.grantLease(30);
            store.txn(TxnRequest.of(Op.put("/k", new byte[] {1}, lease.id())));
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir, FAST_LEASE_CHECKS)) {
            // etcd does not count downtime against a lease: the holder gets a full TTL to renew it.
            assertThat(store.keepAliveLease(lease.id())).isEqualTo(30);
            assertThat(store.get("/k")).isNotNull();
        }
    }
}
