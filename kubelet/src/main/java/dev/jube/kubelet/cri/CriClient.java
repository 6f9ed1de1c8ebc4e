package dev.jube.kubelet.cri;

import dev.jube.kubelet.cri.v1.AuthConfig;
import dev.jube.kubelet.cri.v1.AttachRequest;
import dev.jube.kubelet.cri.v1.ContainerConfig;
import dev.jube.kubelet.cri.v1.ContainerFilter;
import dev.jube.kubelet.cri.v1.ContainerStats;
import dev.jube.kubelet.cri.v1.ContainerStatsFilter;
import dev.jube.kubelet.cri.v1.ContainerStatsRequest;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.cri.v1.ContainerStatusRequest;
import dev.jube.kubelet.cri.v1.CreateContainerRequest;
import dev.jube.kubelet.cri.v1.ExecRequest;
import dev.jube.kubelet.cri.v1.ExecSyncRequest;
import dev.jube.kubelet.cri.v1.ExecSyncResponse;
import dev.jube.kubelet.cri.v1.FilesystemUsage;
import dev.jube.kubelet.cri.v1.Image;
import dev.jube.kubelet.cri.v1.ImageFilter;
import dev.jube.kubelet.cri.v1.ImageFsInfoRequest;
import dev.jube.kubelet.cri.v1.ImageServiceGrpc;
import dev.jube.kubelet.cri.v1.ImageSpec;
import dev.jube.kubelet.cri.v1.ImageStatusRequest;
import dev.jube.kubelet.cri.v1.ImageStatusResponse;
import dev.jube.kubelet.cri.v1.LinuxContainerResources;
import dev.jube.kubelet.cri.v1.ListContainerStatsRequest;
import dev.jube.kubelet.cri.v1.ListContainersRequest;
import dev.jube.kubelet.cri.v1.ListImagesRequest;
import dev.jube.kubelet.cri.v1.ListPodSandboxRequest;
import dev.jube.kubelet.cri.v1.PodSandbox;
import dev.jube.kubelet.cri.v1.PodSandboxConfig;
import dev.jube.kubelet.cri.v1.PodSandboxFilter;
import dev.jube.kubelet.cri.v1.PodSandboxStatusRequest;
import dev.jube.kubelet.cri.v1.PodSandboxStatusResponse;
import dev.jube.kubelet.cri.v1.PortForwardRequest;
import dev.jube.kubelet.cri.v1.PullImageRequest;
import dev.jube.kubelet.cri.v1.RemoveContainerRequest;
import dev.jube.kubelet.cri.v1.RemoveImageRequest;
import dev.jube.kubelet.cri.v1.RemovePodSandboxRequest;
import dev.jube.kubelet.cri.v1.ReopenContainerLogRequest;
import dev.jube.kubelet.cri.v1.RunPodSandboxRequest;
import dev.jube.kubelet.cri.v1.RuntimeServiceGrpc;
import dev.jube.kubelet.cri.v1.StartContainerRequest;
import dev.jube.kubelet.cri.v1.StatusRequest;
import dev.jube.kubelet.cri.v1.StatusResponse;
import dev.jube.kubelet.cri.v1.StopContainerRequest;
import dev.jube.kubelet.cri.v1.StopPodSandboxRequest;
import dev.jube.kubelet.cri.v1.UpdateContainerResourcesRequest;
import dev.jube.kubelet.cri.v1.VersionRequest;
import dev.jube.kubelet.cri.v1.VersionResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.buffer.UnpooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A blocking client for a container runtime's CRI (runtime.v1) over its Unix socket. Each call has
 * its own deadline; failures surface as {@link CriException}. Thread-safe; close it once.
 */
public final class CriClient implements AutoCloseable {

    /** The CRI API version the kubelet speaks, sent with Version. */
    public static final String API_VERSION = "v1";
    /** Deadline for quick calls (status, list, create, start). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Pulls fetch layers over the network: allow much longer. */
    public static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final Path socket;
    private final EventLoopGroup group;
    private final ManagedChannel channel;
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final ImageServiceGrpc.ImageServiceBlockingStub images;
    private final Duration timeout;

    public CriClient(Path socket) {
        this(socket, DEFAULT_TIMEOUT);
    }

    public CriClient(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        this.group = new EpollEventLoopGroup(1);
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(group)
                .channelType(EpollDomainSocketChannel.class)
                // Unpooled buffers: gRPC's pooled allocator keeps a 2 MB chunk per arena (four on two
                // cores) for a trickle of small messages over a local socket.
                .withOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                // Sandbox status with many containers and image lists can be large.
                .maxInboundMessageSize(64 * 1024 * 1024)
                .usePlaintext()
                .build();
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel);
        this.images = ImageServiceGrpc.newBlockingStub(channel);
    }

    public Path socket() {
        return socket;
    }

    // ---- runtime

    public VersionResponse version() {
        return call("Version", timeout, () -> rt(timeout).version(
                VersionRequest.newBuilder().setVersion(API_VERSION).build()));
    }

    /** Version with a short deadline, for readiness polling. */
    public VersionResponse version(Duration deadline) {
        return call("Version", deadline, () -> rt(deadline).version(
                VersionRequest.newBuilder().setVersion(API_VERSION).build()));
    }

    public StatusResponse status() {
        return call("Status", timeout, () -> rt(timeout).status(StatusRequest.newBuilder().build()));
    }

    // ---- sandboxes

    /** Creates and starts a pod sandbox (network namespace with its IP from CNI); returns its id. */
    public String runPodSandbox(PodSandboxConfig config) {
        return runPodSandbox(config, "");
    }

    public String runPodSandbox(PodSandboxConfig config, String runtimeHandler) {
        // Sandbox start includes CNI set-up; give it the long deadline.
        Duration d = timeout.multipliedBy(2);
        return call("RunPodSandbox", d, () -> rt(d).runPodSandbox(RunPodSandboxRequest.newBuilder()
                .setConfig(config).setRuntimeHandler(runtimeHandler).build())).getPodSandboxId();
    }

    public void stopPodSandbox(String sandboxId) {
        call("StopPodSandbox", timeout, () -> rt(timeout).stopPodSandbox(
                StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    }

    public void removePodSandbox(String sandboxId) {
        call("RemovePodSandbox", timeout, () -> rt(timeout).removePodSandbox(
                RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    }

    public PodSandboxStatusResponse podSandboxStatus(String sandboxId, boolean verbose) {
        return call("PodSandboxStatus", timeout, () -> rt(timeout).podSandboxStatus(
                PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).setVerbose(verbose).build()));
    }

    /** The sandbox's primary IP, or "" when it has none (host network or not ready). */
    public String podSandboxIp(String sandboxId) {
        return podSandboxStatus(sandboxId, false).getStatus().getNetwork().getIp();
    }

    public List<PodSandbox> listPodSandboxes() {
        return listPodSandboxes(PodSandboxFilter.getDefaultInstance());
    }

    public List<PodSandbox> listPodSandboxes(PodSandboxFilter filter) {
        return call("ListPodSandbox", timeout, () -> rt(timeout).listPodSandbox(
                ListPodSandboxRequest.newBuilder().setFilter(filter).build())).getItemsList();
    }

    // ---- containers

    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        return call("CreateContainer", timeout, () -> rt(timeout).createContainer(CreateContainerRequest.newBuilder()
                .setPodSandboxId(sandboxId).setConfig(config).setSandboxConfig(sandboxConfig).build()))
                .getContainerId();
    }

    public void startContainer(String containerId) {
        call("StartContainer", timeout, () -> rt(timeout).startContainer(
                StartContainerRequest.newBuilder().setContainerId(containerId).build()));
    }

    /** Sends the stop signal, then kills after {@code gracePeriodSeconds} (0 kills at once). */
    public void stopContainer(String containerId, long gracePeriodSeconds) {
        Duration d = timeout.plusSeconds(gracePeriodSeconds);
        call("StopContainer", d, () -> rt(d).stopContainer(StopContainerRequest.newBuilder()
                .setContainerId(containerId).setTimeout(gracePeriodSeconds).build()));
    }

    public void removeContainer(String containerId) {
        call("RemoveContainer", timeout, () -> rt(timeout).removeContainer(
                RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
    }

    public List<dev.jube.kubelet.cri.v1.Container> listContainers() {
        return listContainers(ContainerFilter.getDefaultInstance());
    }

    public List<dev.jube.kubelet.cri.v1.Container> listContainers(ContainerFilter filter) {
        return call("ListContainers", timeout, () -> rt(timeout).listContainers(
                ListContainersRequest.newBuilder().setFilter(filter).build())).getContainersList();
    }

    public ContainerStatus containerStatus(String containerId) {
        return call("ContainerStatus", timeout, () -> rt(timeout).containerStatus(
                ContainerStatusRequest.newBuilder().setContainerId(containerId).build())).getStatus();
    }

    public void updateContainerResources(String containerId, LinuxContainerResources resources) {
        call("UpdateContainerResources", timeout, () -> rt(timeout).updateContainerResources(
                UpdateContainerResourcesRequest.newBuilder().setContainerId(containerId).setLinux(resources).build()));
    }

    public void reopenContainerLog(String containerId) {
        call("ReopenContainerLog", timeout, () -> rt(timeout).reopenContainerLog(
                ReopenContainerLogRequest.newBuilder().setContainerId(containerId).build()));
    }

    public ContainerStats containerStats(String containerId) {
        return call("ContainerStats", timeout, () -> rt(timeout).containerStats(
                ContainerStatsRequest.newBuilder().setContainerId(containerId).build())).getStats();
    }

    public List<ContainerStats> listContainerStats() {
        return call("ListContainerStats", timeout, () -> rt(timeout).listContainerStats(
                ListContainerStatsRequest.newBuilder().setFilter(ContainerStatsFilter.getDefaultInstance()).build()))
                .getStatsList();
    }

    // ---- exec, attach, port-forward

    /**
     * Runs a command in a running container and waits for it. {@code commandTimeout} of zero means no
     * limit on the runtime side; the call's own deadline is the timeout plus the default deadline.
     */
    public ExecResult execSync(String containerId, List<String> command, Duration commandTimeout) {
        Duration d = timeout.plus(commandTimeout);
        ExecSyncResponse r = call("ExecSync", d, () -> rt(d).execSync(ExecSyncRequest.newBuilder()
                .setContainerId(containerId).addAllCmd(command).setTimeout(commandTimeout.toSeconds()).build()));
        return new ExecResult(r.getExitCode(), r.getStdout().toByteArray(), r.getStderr().toByteArray());
    }

    /** URL of the runtime's streaming server for an exec session. */
    public String exec(ExecRequest request) {
        return call("Exec", timeout, () -> rt(timeout).exec(request)).getUrl();
    }

    public String attach(AttachRequest request) {
        return call("Attach", timeout, () -> rt(timeout).attach(request)).getUrl();
    }

    public String portForward(String sandboxId, List<Integer> ports) {
        return call("PortForward", timeout, () -> rt(timeout).portForward(PortForwardRequest.newBuilder()
                .setPodSandboxId(sandboxId).addAllPort(ports).build())).getUrl();
    }

    // ---- images

    public List<Image> listImages() {
        return call("ListImages", timeout, () -> images(timeout).listImages(
                ListImagesRequest.newBuilder().setFilter(ImageFilter.getDefaultInstance()).build())).getImagesList();
    }

    /** The image if present, else null. */
    public Image imageStatus(String image) {
        ImageStatusResponse r = call("ImageStatus", timeout, () -> images(timeout).imageStatus(
                ImageStatusRequest.newBuilder().setImage(spec(image)).build()));
        return r.hasImage() ? r.getImage() : null;
    }

    /** Pulls an image; {@code auth} may be null. Returns the image reference (its id). */
    public String pullImage(String image, AuthConfig auth, PodSandboxConfig sandboxConfig) {
        PullImageRequest.Builder b = PullImageRequest.newBuilder().setImage(spec(image));
        if (auth != null) {
            b.setAuth(auth);
        }
        if (sandboxConfig != null) {
            b.setSandboxConfig(sandboxConfig);
        }
        return call("PullImage", PULL_TIMEOUT, () -> images(PULL_TIMEOUT).pullImage(b.build())).getImageRef();
    }

    public void removeImage(String image) {
        call("RemoveImage", timeout, () -> images(timeout).removeImage(
                RemoveImageRequest.newBuilder().setImage(spec(image)).build()));
    }

    public List<FilesystemUsage> imageFsInfo() {
        return call("ImageFsInfo", timeout, () -> images(timeout).imageFsInfo(
                ImageFsInfoRequest.getDefaultInstance())).getImageFilesystemsList();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static ImageSpec spec(String image) {
        return ImageSpec.newBuilder().setImage(image).build();
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub rt(Duration d) {
        return runtime.withDeadlineAfter(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ImageServiceGrpc.ImageServiceBlockingStub images(Duration d) {
        return images.withDeadlineAfter(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(String name, Duration deadline, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            String msg = e.getStatus().getDescription();
            if (e.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                msg = "no answer within " + deadline.toMillis() + " ms" + (msg == null ? "" : " (" + msg + ")");
            }
            throw new CriException(name, e.getStatus().getCode(), msg, e);
        }
    }

    /** What a synchronous exec returned. */
    public record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
        public String stdoutText() {
            return new String(stdout, java.nio.charset.StandardCharsets.UTF_8);
        }

        public String stderrText() {
            return new String(stderr, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
