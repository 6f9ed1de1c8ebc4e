package dev.jube.kubelet.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.kubelet.probes.health.HealthCheckRequest;
import dev.jube.kubelet.probes.health.HealthCheckResponse;
import dev.jube.kubelet.probes.health.HealthGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One connection against grpc-java's server: what happens when its stream ids run out. */
class Http2ConnectionTest {

    private Server server;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new HealthGrpc.HealthImplBase() {
                    @Override
                    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
                        out.onNext(HealthCheckResponse.newBuilder()
                                .setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
                        out.onCompleted();
                    }
                }).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void theLastStreamIdIsUsedAndThenTheConnectionTakesNoMoreStreams() throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.getPort());
        try (Http2Connection c = Http2Connection.open(address, Duration.ofSeconds(2), Integer.MAX_VALUE - 2)) {
            assertThat(grpcStatus(check(c))).isEqualTo("0"); // stream 2^31 - 3
            assertThat(c.isUsable()).isTrue();
            assertThat(grpcStatus(check(c))).isEqualTo("0"); // stream 2^31 - 1, the last
            assertThat(c.isUsable()).isFalse();
            assertThatThrownBy(() -> check(c)).isInstanceOfSatisfying(GrpcException.class, e -> {
                assertThat(e.code()).isEqualTo(GrpcCode.UNAVAILABLE);
                assertThat(e.isUnprocessed()).isTrue();
            });
        }
    }

    private static Http2Connection.Answer check(Http2Connection c) {
        Duration timeout = Duration.ofSeconds(5);
        return c.exchange(GrpcChannel.requestHeaders("grpc.health.v1.Health/Check", "127.0.0.1", timeout),
                GrpcChannel.framed(HealthCheckRequest.getDefaultInstance()), System.nanoTime() + timeout.toNanos());
    }

    private static String grpcStatus(Http2Connection.Answer a) {
        CharSequence s = (a.trailers() != null ? a.trailers() : a.headers()).get("grpc-status");
        return s == null ? null : s.toString();
    }
}
