package dev.jube.kubelet.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.kubelet.cri.v1.ContainerConfig;
import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.cri.v1.ContainerStatusRequest;
import dev.jube.kubelet.cri.v1.ContainerStatusResponse;
import dev.jube.kubelet.cri.v1.CreateContainerRequest;
import dev.jube.kubelet.cri.v1.CreateContainerResponse;
import dev.jube.kubelet.cri.v1.KeyValue;
import dev.jube.kubelet.cri.v1.ListImagesRequest;
import dev.jube.kubelet.cri.v1.ListImagesResponse;
import dev.jube.kubelet.cri.v1.PodSandboxConfig;
import dev.jube.kubelet.cri.v1.RemoveImageRequest;
import dev.jube.kubelet.cri.v1.RemoveImageResponse;
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
import dev.jube.kubelet.grpc.GrpcCode;
import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against grpc-java's server on a Unix socket, an independent implementation of gRPC over
 * HTTP/2: requests, answers larger than the flow-control windows, concurrency, error mapping and
 * reconnection.
 */
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
        group = new EpollEventLoopGroup(1);
        server = serve();
        client = new CriClient(dir.resolve("cri.sock"), Duration.ofSeconds(5));
    }

    private Server serve() throws Exception {
        return NettyServerBuilder.forAddress(new DomainSocketAddress(dir.resolve("cri.sock").toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group).workerEventLoopGroup(group)
                .maxInboundMessageSize(64 << 20)
                .addService(new FakeRuntime()).addService(new FakeImages())
                .build().start();
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
                    assertThat(e.code()).isEqualTo(GrpcCode.NOT_FOUND);
                })
                .hasMessage("ContainerStatus: NOT_FOUND: container \"nope\" not found");
    }

    @Test
    void aCallWithoutAnswerEndsAtItsDeadline() throws Exception {
        try (CriClient quick = new CriClient(client.socket(), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> quick.startContainer("hang"))
                    .isInstanceOfSatisfying(CriException.class,
                            e -> assertThat(e.code()).isEqualTo(GrpcCode.DEADLINE_EXCEEDED))
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

    @Test
    void requestsAndAnswersLargerThanAFlowControlWindowArriveWhole() {
        // 200 KB each way: several frames, and more than the 64 KB both sides start their windows with.
        ContainerConfig.Builder config = ContainerConfig.newBuilder();
        for (int i = 0; i < 2_000; i++) {
            config.addEnvs(KeyValue.newBuilder().setKey("KEY_" + i).setValue("v".repeat(90)));
        }
        assertThat(client.createContainer("s1", config.build(), PodSandboxConfig.getDefaultInstance()))
                .isEqualTo("2000 envs");
        List<dev.jube.kubelet.cri.v1.Image> images = client.listImages();
        assertThat(images).hasSize(2_000);
        assertThat(images.get(1_999).getRepoTags(0)).isEqualTo("image-1999:" + "t".repeat(90));
    }

    @Test
    void concurrentCallsShareOneConnection() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = i % 2 == 0 ? "c1" : "nope";
                calls.add(threads.submit(() -> {
                    try {
                        return client.containerStatus(id).getId();
                    } catch (CriException e) {
                        return e.code().name();
                    }
                }));
            }
            for (int i = 0; i < calls.size(); i++) {
                assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i % 2 == 0 ? "c1" : "NOT_FOUND");
            }
        }
    }

    @Test
    void theServersMessageIsPercentDecoded() {
        assertThatThrownBy(() -> client.removeImage("x"))
                .isInstanceOfSatisfying(CriException.class,
                        e -> assertThat(e.code()).isEqualTo(GrpcCode.INVALID_ARGUMENT))
                .hasMessage("RemoveImage: INVALID_ARGUMENT: bad reference \"x\": 100% wrong, \u00e4\u00f6\n");
    }

    @Test
    void aRuntimeThatRestartsIsReachableAgainThroughTheSameClient() throws Exception {
        assertThat(client.version().getRuntimeName()).isEqualTo("fake");
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        assertThatThrownBy(client::version)
                .isInstanceOfSatisfying(CriException.class, e -> assertThat(e.isUnavailable()).isTrue());
        Files.deleteIfExists(dir.resolve("cri.sock"));
        server = serve();
        assertThat(client.version().getRuntimeName()).isEqualTo("fake");
    }

    @Test
    void aCallTheServerRefusedWithGoAwayIsSentAgainOnANewConnection() throws Exception {
        // In front of the runtime: the first connection gets GOAWAY before any stream (the server
        // processed none) and stays open; later ones are passed through.
        Path front = dir.resolve("front.sock");
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(front));
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        SocketChannel in = listener.accept();
                        if (connections.getAndIncrement() == 0) {
                            in.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}));
                            in.write(ByteBuffer.wrap(new byte[] {0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
                            Thread.ofVirtual().start(() -> pipe(in, null));
                        } else {
                            SocketChannel out = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("cri.sock")));
                            Thread.ofVirtual().start(() -> pipe(in, out));
                            Thread.ofVirtual().start(() -> pipe(out, in));
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            try (CriClient behindFront = new CriClient(front, Duration.ofSeconds(5))) {
                assertThat(behindFront.version().getRuntimeName()).isEqualTo("fake");
            }
            assertThat(connections.get()).isEqualTo(2);
        } finally {
            Files.deleteIfExists(front);
        }
    }

    /** Copies until either side closes; with no target it only reads. */
    private static void pipe(SocketChannel from, SocketChannel to) {
        ByteBuffer b = ByteBuffer.allocate(16_384);
        try (from; to) {
            while (from.read(b.clear()) >= 0) {
                b.flip();
                while (to != null && b.hasRemaining()) {
                    to.write(b);
                }
            }
        } catch (IOException ignored) {
            // one side closed
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
        public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> out) {
            out.onNext(CreateContainerResponse.newBuilder()
                    .setContainerId(request.getConfig().getEnvsCount() + " envs").build());
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

        @Override
        public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> out) {
            ListImagesResponse.Builder b = ListImagesResponse.newBuilder();
            for (int i = 0; i < 2_000; i++) {
                b.addImages(dev.jube.kubelet.cri.v1.Image.newBuilder().setId("sha256:" + i)
                        .addRepoTags("image-" + i + ":" + "t".repeat(90)));
            }
            out.onNext(b.build());
            out.onCompleted();
        }

        @Override
        public void removeImage(RemoveImageRequest request, StreamObserver<RemoveImageResponse> out) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("bad reference \"" + request.getImage().getImage()
                    + "\": 100% wrong, \u00e4\u00f6\n").asRuntimeException());
        }
    }
}
