package dev.jube.kubelet.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.cri.v1.ContainerStatusRequest;
import dev.jube.kubelet.cri.v1.ContainerStatusResponse;
import dev.jube.kubelet.cri.v1.ExecSyncRequest;
import dev.jube.kubelet.cri.v1.ExecSyncResponse;
import dev.jube.kubelet.cri.v1.ImageServiceGrpc;
import dev.jube.kubelet.cri.v1.ImageStatusRequest;
import dev.jube.kubelet.cri.v1.ImageStatusResponse;
import dev.jube.kubelet.cri.v1.RuntimeServiceGrpc;
import dev.jube.kubelet.cri.v1.StartContainerRequest;
import dev.jube.kubelet.cri.v1.StartContainerResponse;
import dev.jube.kubelet.cri.v1.VersionRequest;
import dev.jube.kubelet.cri.v1.VersionResponse;
import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against an in-process CRI server on a Unix socket: requests, answers and error mapping. */
class CriClientTest {

    private Path dir;
    private EventLoopGroup group;
    private Server server;
    private CriClient client;
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile VersionRequest lastVersion;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("cri");
        Path socket = dir.resolve("cri.sock");
        group = new EpollEventLoopGroup(1);
        server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group).workerEventLoopGroup(group)
                .addService(new FakeRuntime()).addService(new FakeImages())
                .build().start();
        client = new CriClient(socket, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        never.countDown();
        client.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        Files.deleteIfExists(dir.resolve("cri.sock"));
        Files.deleteIfExists(dir);
    }

    @Test
    void versionSendsTheApiVersionAndReturnsTheRuntime() {
        VersionResponse v = client.version();
        assertThat(lastVersion.getVersion()).isEqualTo("v1");
        assertThat(v.getRuntimeName()).isEqualTo("fake");
        assertThat(v.getRuntimeApiVersion()).isEqualTo("v1");
    }

    @Test
    void containerStatusAndExecAnswersArriveWhole() {
        ContainerStatus s = client.containerStatus("c1");
        assertThat(s.getId()).isEqualTo("c1");
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(s.getReason()).isEqualTo("OOMKilled");
        assertThat(s.getExitCode()).isEqualTo(137);
        CriClient.ExecResult r = client.execSync("c1", List.of("echo", "hi"), Duration.ofSeconds(1));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdoutText()).isEqualTo("echo hi\n");
        assertThat(r.stderrText()).isEqualTo("timeout=1");
    }

    @Test
    void aMissingContainerIsNotFoundWithTheCallNamed() {
        assertThatThrownBy(() -> client.containerStatus("nope"))
                .isInstanceOfSatisfying(CriException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
                })
                .hasMessage("ContainerStatus: NOT_FOUND: container \"nope\" not found");
    }

    @Test
    void aCallWithoutAnswerEndsAtItsDeadline() throws Exception {
        try (CriClient quick = new CriClient(client.socket(), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> quick.startContainer("hang"))
                    .isInstanceOfSatisfying(CriException.class,
                            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED))
                    .hasMessageContaining("StartContainer").hasMessageContaining("300 ms");
        }
    }

    @Test
    void anAbsentImageIsNullAndAPresentOneIsReturned() {
        assertThat(client.imageStatus("absent:1")).isNull();
        assertThat(client.imageStatus("present:1").getRepoTags(0)).isEqualTo("present:1");
    }

    @Test
    void noRuntimeOnTheSocketIsUnavailable() {
        try (CriClient nobody = new CriClient(dir.resolve("absent.sock"), Duration.ofSeconds(2))) {
            assertThatThrownBy(nobody::version)
                    .isInstanceOfSatisfying(CriException.class, e -> assertThat(e.isUnavailable()).isTrue());
        }
    }

    private final class FakeRuntime extends RuntimeServiceGrpc.RuntimeServiceImplBase {
        @Override
        public void version(VersionRequest request, StreamObserver<VersionResponse> out) {
            lastVersion = request;
            out.onNext(VersionResponse.newBuilder().setVersion("0.1.0").setRuntimeName("fake")
                    .setRuntimeVersion("1.0").setRuntimeApiVersion("v1").build());
            out.onCompleted();
        }

        @Override
        public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> out) {
            if (!request.getContainerId().equals("c1")) {
                out.onError(Status.NOT_FOUND.withDescription("container \"" + request.getContainerId()
                        + "\" not found").asRuntimeException());
                return;
            }
            out.onNext(ContainerStatusResponse.newBuilder().setStatus(ContainerStatus.newBuilder().setId("c1")
                    .setState(ContainerState.CONTAINER_EXITED).setReason("OOMKilled").setExitCode(137)).build());
            out.onCompleted();
        }

        @Override
        public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> out) {
            out.onNext(ExecSyncResponse.newBuilder().setExitCode(3)
                    .setStdout(ByteString.copyFromUtf8(String.join(" ", request.getCmdList()) + "\n"))
                    .setStderr(ByteString.copyFromUtf8("timeout=" + request.getTimeout())).build());
            out.onCompleted();
        }

        @Override
        public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> out) {
            // Never answers: the client's deadline must end the call.
            Thread.ofVirtual().start(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private static final class FakeImages extends ImageServiceGrpc.ImageServiceImplBase {
        @Override
        public void imageStatus(ImageStatusRequest request, StreamObserver<ImageStatusResponse> out) {
            ImageStatusResponse.Builder b = ImageStatusResponse.newBuilder();
            if (request.getImage().getImage().equals("present:1")) {
                b.setImage(dev.jube.kubelet.cri.v1.Image.newBuilder().setId("sha256:1").addRepoTags("present:1"));
            }
            out.onNext(b.build());
            out.onCompleted();
        }
    }
}
