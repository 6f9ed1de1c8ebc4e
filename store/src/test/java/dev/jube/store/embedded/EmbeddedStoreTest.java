package dev.jube.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.store.CompactedException;
import dev.jube.store.Compare;
import dev.jube.store.FutureRevisionException;
import dev.jube.store.InvalidRequestException;
import dev.jube.store.KeyValue;
import dev.jube.store.Keys;
import dev.jube.store.LeaseNotFoundException;
import dev.jube.store.Op;
import dev.jube.store.OpResult;
import dev.jube.store.RangeRequest;
import dev.jube.store.RequestTooLargeException;
import dev.jube.store.Store;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.TxnRequest;
import dev.jube.store.TxnResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest {

    @TempDir
    Path dir;

    EmbeddedStore store;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static List<String> keys(List<KeyValue> kvs) {
        return kvs.stream().map(KeyValue::key).toList();
    }

    @Test
    void emptyStoreStartsAtRevisionOneAndEachWriteAddsOne() {
        assertThat(store.currentRevision()).isEqualTo(1);
        assertThat(store.put("/a", b("1"))).isEqualTo(2);
        assertThat(store.put("/a", b("2"))).isEqualTo(3);
        KeyValue kv = store.get("/a");
        assertThat(kv.valueAsString()).isEqualTo("2");
        assertThat(kv.createRevision()).isEqualTo(2);
        assertThat(kv.modRevision()).isEqualTo(3);
        assertThat(kv.version()).isEqualTo(2);
    }

    @Test
    void reopenKeepsDataAndRevision() {
        store.put("/a", b("1"));
        store.put("/b", b("2"));
        store.delete("/a");
        long revision = store.currentRevision();
        store.close();

        store = EmbeddedStore.open(dir);
        assertThat(store.currentRevision()).isEqualTo(revision);
        assertThat(store.get("/a")).isNull();
        assertThat(store.get("/b").valueAsString()).isEqualTo("2");
        assertThat(store.put("/c", b("3"))).isEqualTo(revision + 1);
        // history survives too
        assertThat(store.range(RangeRequest.key("/a").atRevision(2)).kvs()).hasSize(1);
    }

    @Test
    void deleteOfMissingKeyAndFailedCompareDoNotBumpRevision() {
        store.put("/a", b("1"));
        long revision = store.currentRevision();
        assertThat(store.delete("/missing")).isZero();
        TxnResponse failed = store.txn(TxnRequest.when(Compare.absent("/a"), Op.put("/a", b("2"))));
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.revision()).isEqualTo(revision);
        var get = (OpResult.GetResult) failed.results().getFirst();
        assertThat(get.response().kvs().getFirst().valueAsString()).isEqualTo("1");
        assertThat(store.currentRevision()).isEqualTo(revision);
    }

    @Test
    void multiOpTxnWritesOneRevisionAndGetSeesEarlierOps() {
        store.put("/x/1", b("old"));
        store.put("/x/3", b("three"));
        TxnResponse r = store.txn(TxnRequest.of(
                new Op.Put("/x/1", b("new"), 0, true),
                Op.put("/x/2", b("two")),
                new Op.Delete("/x/3", "", true),
                new Op.Get(RangeRequest.prefix("/x/"))));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.revision()).isEqualTo(4);
        assertThat(((OpResult.PutResult) r.results().get(0)).prevKv().valueAsString()).isEqualTo("old");
        var deleted = (OpResult.DeleteResult) r.results().get(2);
        assertThat(deleted.deleted()).isEqualTo(1);
        assertThat(deleted.prevKvs().getFirst().valueAsString()).isEqualTo("three");
        var get = ((OpResult.GetResult) r.results().get(3)).response();
        assertThat(keys(get.kvs())).containsExactly("/x/1", "/x/2");
        assertThat(get.kvs()).allMatch(kv -> kv.modRevision() == 4);
        assertThat(store.range(RangeRequest.prefix("/x/")).count()).isEqualTo(2);
        assertThat(keys(store.range(RangeRequest.prefix("/x/").atRevision(3)).kvs())).containsExactly("/x/1", "/x/3");
    }

    @Test
    void rangeReadsOldRevisionsIncludingDeletedAndRecreatedKeys() {
        store.put("/r/a", b("a1"));              // 2
        store.put("/r/b", b("b1"));              // 3
        store.put("/r/c", b("c1"));              // 4
        store.delete("/r/b");                    // 5
        store.put("/r/a", b("a2"));              // 6
        store.put("/r/b", b("b2"));              // 7 (recreated)
        store.txn(TxnRequest.of(Op.deletePrefix("/r/"))); // 8
        store.put("/r/d", b("d1"));              // 9

        assertThat(values(RangeRequest.prefix("/r/").atRevision(1))).isEmpty();
        assertThat(values(RangeRequest.prefix("/r/").atRevision(3))).containsExactly("a1", "b1");
        assertThat(values(RangeRequest.prefix("/r/").atRevision(5))).containsExactly("a1", "c1");
        assertThat(values(RangeRequest.prefix("/r/").atRevision(7))).containsExactly("a2", "b2", "c1");
        assertThat(values(RangeRequest.prefix("/r/").atRevision(8))).isEmpty();
        assertThat(values(RangeRequest.prefix("/r/"))).containsExactly("d1");
        assertThat(values(RangeRequest.key("/r/b").atRevision(4))).containsExactly("b1");
        assertThat(values(RangeRequest.key("/r/b").atRevision(6))).isEmpty();

        KeyValue b2 = store.range(RangeRequest.key("/r/b").atRevision(7)).kvs().getFirst();
        assertThat(b2.createRevision()).isEqualTo(7);
        assertThat(b2.version()).isEqualTo(1);
        KeyValue a2 = store.range(RangeRequest.key("/r/a").atRevision(7)).kvs().getFirst();
        assertThat(a2.createRevision()).isEqualTo(2);
        assertThat(a2.version()).isEqualTo(2);

        var page = store.range(RangeRequest.prefix("/r/").atRevision(7).withLimit(2));
        assertThat(page.revision()).isEqualTo(9);
        assertThat(page.count()).isEqualTo(3);
        assertThat(page.more()).isTrue();
        assertThat(keys(page.kvs())).containsExactly("/r/a", "/r/b");
    }

    private List<String> values(RangeRequest request) {
        return store.range(request).kvs().stream().map(KeyValue::valueAsString).toList();
    }

    @Test
    void limitKeysOnlyAndCountOnly() {
        for (int i = 0; i < 5; i++) {
            store.put("/l/" + i, b("v" + i));
        }
        var limited = store.range(RangeRequest.prefix("/l/").withLimit(2));
        assertThat(keys(limited.kvs())).containsExactly("/l/0", "/l/1");
        assertThat(limited.more()).isTrue();
        assertThat(limited.count()).isEqualTo(5);
        var keysOnly = store.range(RangeRequest.prefix("/l/").withKeysOnly());
        assertThat(keysOnly.kvs()).hasSize(5).allMatch(kv -> kv.value().length == 0);
        var count = store.range(RangeRequest.prefix("/l/").withCountOnly());
        assertThat(count.kvs()).isEmpty();
        assertThat(count.count()).isEqualTo(5);
        assertThat(count.more()).isFalse();
        assertThat(store.range(RangeRequest.range("/l/1", "/l/3")).count()).isEqualTo(2);
        assertThat(store.range(new RangeRequest("\0", Keys.ALL, 0, 0, false, true)).count()).isEqualTo(5);
    }

    @Test
    void keysAreOrderedByTheirUtf8Bytes() {
        // U+FF5E sorts before U+1F600 in UTF-8, though not in UTF-16
        store.put("/k/\uD83D\uDE00", b("emoji"));
        store.put("/k/\uFF5E", b("tilde"));
        store.put("/k/a", b("a"));
        assertThat(keys(store.range(RangeRequest.prefix("/k/")).kvs()))
                .containsExactly("/k/a", "/k/\uFF5E", "/k/\uD83D\uDE00");
    }

    @Test
    void compactionDiscardsOldRevisionsButKeepsTheCompactedOne() {
        store.put("/c", b("1"));  // 2
        store.put("/c", b("2"));  // 3
        store.put("/c", b("3"));  // 4
        store.compact(3);
        assertThat(values(RangeRequest.key("/c").atRevision(3))).containsExactly("2");
        assertThatThrownBy(() -> store.range(RangeRequest.key("/c").atRevision(2)))
                .isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store.compact(3)).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store.compact(10)).isInstanceOf(FutureRevisionException.class);
        assertThatThrownBy(() -> store.range(RangeRequest.key("/c").atRevision(10)))
                .isInstanceOf(FutureRevisionException.class);
        store.close();
        store = EmbeddedStore.open(dir);
        assertThat(store.compactedRevision()).isEqualTo(3);
        assertThatThrownBy(() -> store.range(RangeRequest.key("/c").atRevision(2)))
                .isInstanceOf(CompactedException.class);
    }

    @Test
    void badRequestsFailAndWriteNothing() {
        assertThatThrownBy(() -> store.put("", b("x"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.range(RangeRequest.key(""))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.txn(TxnRequest.of(Op.put("/big", new byte[Store.MAX_REQUEST_BYTES]))))
                .isInstanceOf(RequestTooLargeException.class);
        assertThatThrownBy(() -> store.txn(TxnRequest.of(Op.put("/ok", b("x")), Op.put("/leased", b("x"), 12345))))
                .isInstanceOf(LeaseNotFoundException.class);
        assertThatThrownBy(() -> store.txn(TxnRequest.of(Op.put("/d", b("x")), Op.put("/d", b("y")))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(store.currentRevision()).isEqualTo(1);
        assertThat(store.get("/ok")).isNull();
    }

    @Test
    void closedStoreRefusesCalls() {
        store.close();
        assertThatThrownBy(() -> store.get("/a")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.put("/a", b("1"))).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.grantLease(10)).isInstanceOf(StoreUnavailableException.class);
        store.close(); // idempotent
    }
}
