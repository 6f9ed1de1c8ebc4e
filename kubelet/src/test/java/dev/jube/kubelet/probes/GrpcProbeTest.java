package dev.jube.kubelet.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.kubelet.probes.health.HealthCheckRequest;
import dev.jube.kubelet.probes.health.HealthCheckResponse;
import dev.jube.kubelet.probes.health.HealthGrpc;
import dev.jube.kubelet.model.GRPCAction;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC probe against grpc-java's server with a health service, over TCP as to a pod's port. */
class GrpcProbeTest {

    private final CountDownLatch never = new CountDownLatch(1);
    private Server server;
    private Handlers handlers;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Health()).build().start();
        handlers = new Handlers(null);
    }

    @AfterEach
    void stop() throws Exception {
        never.countDown();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aServingServiceSucceeds() {
        assertThat(probe("", Duration.ofSeconds(2))).isEqualTo(ProbeResult.ok());
        assertThat(probe("web", Duration.ofSeconds(2))).isEqualTo(ProbeResult.ok());
    }

    @Test
    void aServiceThatIsNotServingFailsWithItsStatus() {
        assertThat(probe("db", Duration.ofSeconds(2)))
                .isEqualTo(ProbeResult.failed("service unhealthy (responded with \"NOT_SERVING\")"));
    }

    @Test
    void aHealthServiceThatDoesNotAnswerFailsAtTheProbesTimeout() {
        assertThat(probe("slow", Duration.ofMillis(300)))
                .isEqualTo(ProbeResult.failed("timeout: health rpc did not complete within 300ms"));
    }

    @Test
    void aPortWithoutServerFailsToConnect() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ProbeResult r = handlers.grpc("127.0.0.1", action(closed, ""), Duration.ofSeconds(2));
        assertThat(r.success()).isFalse();
        assertThat(r.output()).startsWith("failed to connect service \"127.0.0.1:" + closed + "\": UNAVAILABLE");
    }

    private ProbeResult probe(String service, Duration timeout) {
        return handlers.grpc("127.0.0.1", action(server.getPort(), service), timeout);
    }

    private static GRPCAction action(int port, String service) {
        GRPCAction a = new GRPCAction();
        a.withPort(port);
        a.withService(service);
        return a;
    }

    private final class Health extends HealthGrpc.HealthImplBase {
        @Override
        public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
            switch (request.getService()) {
                case "slow" -> Thread.ofVirtual().start(() -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                case "db" -> {
                    out.onNext(HealthCheckResponse.newBuilder()
                            .setStatus(HealthCheckResponse.ServingStatus.NOT_SERVING).build());
                    out.onCompleted();
                }
                default -> {
                    out.onNext(HealthCheckResponse.newBuilder()
                            .setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
                    out.onCompleted();
                }
            }
        }
    }
}
