package dev.jube.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.v1.Container;
import dev.jube.kubelet.cri.v1.ContainerMetadata;
import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.cri.v1.ContainerStatusRequest;
import dev.jube.kubelet.cri.v1.ContainerStatusResponse;
import dev.jube.kubelet.cri.v1.ListContainersRequest;
import dev.jube.kubelet.cri.v1.ListContainersResponse;
import dev.jube.kubelet.cri.v1.ListPodSandboxRequest;
import dev.jube.kubelet.cri.v1.ListPodSandboxResponse;
import dev.jube.kubelet.cri.v1.RuntimeServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading a pod's runtime state asks for a container's full status only when its state moved. */
class PodRuntimeTest {

    private final Map<String, ContainerState> states = new ConcurrentHashMap<>();
    private final AtomicInteger statusCalls = new AtomicInteger();
    private Path dir;
    private EventLoopGroup group;
    private Server server;
    private CriClient cri;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("pod-runtime");
        group = new EpollEventLoopGroup(1);
        server = NettyServerBuilder.forAddress(new DomainSocketAddress(dir.resolve("cri.sock").toString()))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(group).workerEventLoopGroup(group)
                .addService(new Runtime()).build().start();
        cri = new CriClient(dir.resolve("cri.sock"));
    }

    @AfterEach
    void stop() throws Exception {
        cri.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        Files.deleteIfExists(dir.resolve("cri.sock"));
        Files.deleteIfExists(dir);
    }

    @Test
    void aContainersStatusIsReadAgainOnlyWhenItsStateMoves() {
        Map<String, ContainerStatus> known = new HashMap<>();
        states.put("c1", ContainerState.CONTAINER_RUNNING);
        assertThat(PodRuntime.read(cri, "uid", known).latest("app").getState())
                .isEqualTo(ContainerState.CONTAINER_RUNNING);
        PodRuntime.read(cri, "uid", known);
        PodRuntime.read(cri, "uid", known);
        assertThat(statusCalls).hasValue(1);

        states.put("c1", ContainerState.CONTAINER_EXITED);
        PodRuntime rt = PodRuntime.read(cri, "uid", known);
        assertThat(rt.latest("app").getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(rt.latest("app").getExitCode()).isEqualTo(137);
        assertThat(statusCalls).hasValue(2);

        // A new attempt is read; the exited one is not asked for again, and removed ones are forgotten.
        states.put("c2", ContainerState.CONTAINER_RUNNING);
        rt = PodRuntime.read(cri, "uid", known);
        assertThat(rt.attempts().get("app")).extracting(ContainerStatus::getId).containsExactly("c2", "c1");
        assertThat(statusCalls).hasValue(3);
        states.remove("c1");
        PodRuntime.read(cri, "uid", known);
        assertThat(known).containsOnlyKeys("c2");
    }

    private final class Runtime extends RuntimeServiceGrpc.RuntimeServiceImplBase {
        @Override
        public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> out) {
            out.onNext(ListPodSandboxResponse.getDefaultInstance());
            out.onCompleted();
        }

        @Override
        public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> out) {
            ListContainersResponse.Builder b = ListContainersResponse.newBuilder();
            states.forEach((id, state) -> b.addContainers(Container.newBuilder().setId(id).setState(state)
                    .setMetadata(ContainerMetadata.newBuilder().setName("app").setAttempt(id.equals("c1") ? 0 : 1))));
            out.onNext(b.build());
            out.onCompleted();
        }

        @Override
        public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> out) {
            statusCalls.incrementAndGet();
            String id = request.getContainerId();
            ContainerState state = states.get(id);
            out.onNext(ContainerStatusResponse.newBuilder().setStatus(ContainerStatus.newBuilder().setId(id)
                    .setState(state).setExitCode(state == ContainerState.CONTAINER_EXITED ? 137 : 0)
                    .setMetadata(ContainerMetadata.newBuilder().setName("app").setAttempt(id.equals("c1") ? 0 : 1)))
                    .build());
            out.onCompleted();
        }
    }
}
