package dev.jube.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** etcd reports conditions as gRPC statuses with "etcdserver: ..." messages. */
class EtcdErrorTest {

    private static EtcdError classify(Status status) {
        return EtcdError.classify(new ExecutionException(status.asRuntimeException()));
    }

    @Test
    void serverMessagesAreRecognised() {
        assertThat(classify(Status.OUT_OF_RANGE.withDescription("etcdserver: mvcc: required revision has been compacted")))
                .isEqualTo(EtcdError.COMPACTED);
        assertThat(classify(Status.OUT_OF_RANGE.withDescription("etcdserver: mvcc: required revision is a future revision")))
                .isEqualTo(EtcdError.FUTURE_REVISION);
        assertThat(classify(Status.INVALID_ARGUMENT.withDescription("etcdserver: request is too large")))
                .isEqualTo(EtcdError.TOO_LARGE);
        assertThat(classify(Status.RESOURCE_EXHAUSTED.withDescription(
                "gRPC message exceeds maximum size: grpc: received message larger than max (2097200 vs. 2097152)")))
                .isEqualTo(EtcdError.TOO_LARGE);
        assertThat(classify(Status.NOT_FOUND.withDescription("etcdserver: requested lease not found")))
                .isEqualTo(EtcdError.LEASE_NOT_FOUND);
        assertThat(classify(Status.INVALID_ARGUMENT.withDescription("etcdserver: key is not provided")))
                .isEqualTo(EtcdError.INVALID);
        assertThat(classify(Status.INVALID_ARGUMENT.withDescription("etcdserver: duplicate key given in txn request")))
                .isEqualTo(EtcdError.INVALID);
    }

    @Test
    void connectionTroubleIsTransient() {
        Status refused = Status.UNAVAILABLE.withDescription("io exception");
        assertThat(classify(refused)).isEqualTo(EtcdError.UNAVAILABLE);
        assertThat(EtcdError.isTransient(refused.asRuntimeException())).isTrue();
        assertThat(classify(Status.UNKNOWN.withDescription("etcdserver: leader changed")))
                .isEqualTo(EtcdError.UNAVAILABLE);
        assertThat(EtcdError.isTransient(Status.INTERNAL.withDescription("stream reset").asRuntimeException()))
                .isTrue();
        assertThat(EtcdError.isTransient(Status.OUT_OF_RANGE
                .withDescription("etcdserver: mvcc: required revision has been compacted").asRuntimeException()))
                .isFalse();
    }
}
