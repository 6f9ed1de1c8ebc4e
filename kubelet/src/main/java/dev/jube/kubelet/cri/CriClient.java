package dev.jube.kubelet.cri;

import dev.jube.kubelet.cri.v1.AttachRequest;
import dev.jube.kubelet.cri.v1.AttachResponse;
import dev.jube.kubelet.cri.v1.AuthConfig;
import dev.jube.kubelet.cri.v1.ContainerConfig;
import dev.jube.kubelet.cri.v1.ContainerFilter;
import dev.jube.kubelet.cri.v1.ContainerStats;
import dev.jube.kubelet.cri.v1.ContainerStatsFilter;
import dev.jube.kubelet.cri.v1.ContainerStatsRequest;
import dev.jube.kubelet.cri.v1.ContainerStatsResponse;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.cri.v1.ContainerStatusRequest;
import dev.jube.kubelet.cri.v1.ContainerStatusResponse;
import dev.jube.kubelet.cri.v1.CreateContainerRequest;
import dev.jube.kubelet.cri.v1.CreateContainerResponse;
import dev.jube.kubelet.cri.v1.ExecRequest;
import dev.jube.kubelet.cri.v1.ExecResponse;
import dev.jube.kubelet.cri.v1.ExecSyncRequest;
import dev.jube.kubelet.cri.v1.ExecSyncResponse;
import dev.jube.kubelet.cri.v1.FilesystemUsage;
import dev.jube.kubelet.cri.v1.Image;
import dev.jube.kubelet.cri.v1.ImageFilter;
import dev.jube.kubelet.cri.v1.ImageFsInfoRequest;
import dev.jube.kubelet.cri.v1.ImageFsInfoResponse;
import dev.jube.kubelet.cri.v1.ImageSpec;
import dev.jube.kubelet.cri.v1.ImageStatusRequest;
import dev.jube.kubelet.cri.v1.ImageStatusResponse;
import dev.jube.kubelet.cri.v1.LinuxContainerResources;
import dev.jube.kubelet.cri.v1.ListContainerStatsRequest;
import dev.jube.kubelet.cri.v1.ListContainerStatsResponse;
import dev.jube.kubelet.cri.v1.ListContainersRequest;
import dev.jube.kubelet.cri.v1.ListContainersResponse;
import dev.jube.kubelet.cri.v1.ListImagesRequest;
import dev.jube.kubelet.cri.v1.ListImagesResponse;
import dev.jube.kubelet.cri.v1.ListPodSandboxRequest;
import dev.jube.kubelet.cri.v1.ListPodSandboxResponse;
import dev.jube.kubelet.cri.v1.PodSandbox;
import dev.jube.kubelet.cri.v1.PodSandboxConfig;
import dev.jube.kubelet.cri.v1.PodSandboxFilter;
import dev.jube.kubelet.cri.v1.PodSandboxStatusRequest;
import dev.jube.kubelet.cri.v1.PodSandboxStatusResponse;
import dev.jube.kubelet.cri.v1.PortForwardRequest;
import dev.jube.kubelet.cri.v1.PortForwardResponse;
import dev.jube.kubelet.cri.v1.PullImageRequest;
import dev.jube.kubelet.cri.v1.PullImageResponse;
import dev.jube.kubelet.cri.v1.RemoveContainerRequest;
import dev.jube.kubelet.cri.v1.RemoveContainerResponse;
import dev.jube.kubelet.cri.v1.RemoveImageRequest;
import dev.jube.kubelet.cri.v1.RemoveImageResponse;
import dev.jube.kubelet.cri.v1.RemovePodSandboxRequest;
import dev.jube.kubelet.cri.v1.RemovePodSandboxResponse;
import dev.jube.kubelet.cri.v1.ReopenContainerLogRequest;
import dev.jube.kubelet.cri.v1.ReopenContainerLogResponse;
import dev.jube.kubelet.cri.v1.RunPodSandboxRequest;
import dev.jube.kubelet.cri.v1.RunPodSandboxResponse;
import dev.jube.kubelet.cri.v1.StartContainerRequest;
import dev.jube.kubelet.cri.v1.StartContainerResponse;
import dev.jube.kubelet.cri.v1.StatusRequest;
import dev.jube.kubelet.cri.v1.StatusResponse;
import dev.jube.kubelet.cri.v1.StopContainerRequest;
import dev.jube.kubelet.cri.v1.StopContainerResponse;
import dev.jube.kubelet.cri.v1.StopPodSandboxRequest;
import dev.jube.kubelet.cri.v1.StopPodSandboxResponse;
import dev.jube.kubelet.cri.v1.UpdateContainerResourcesRequest;
import dev.jube.kubelet.cri.v1.UpdateContainerResourcesResponse;
import dev.jube.kubelet.cri.v1.VersionRequest;
import dev.jube.kubelet.cri.v1.VersionResponse;
import dev.jube.kubelet.grpc.GrpcChannel;
import dev.jube.kubelet.grpc.GrpcCode;
import dev.jube.kubelet.grpc.GrpcException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

    private static final String RUNTIME = "runtime.v1.RuntimeService/";
    private static final String IMAGES = "runtime.v1.ImageService/";

    private final Path socket;
    private final GrpcChannel channel;
    private final Duration timeout;

    public CriClient(Path socket) {
        this(socket, DEFAULT_TIMEOUT);
    }

    public CriClient(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        this.channel = GrpcChannel.unix(socket);
    }

    public Path socket() {
        return socket;
    }

    // ---- runtime

    public VersionResponse version() {
        return call(RUNTIME, "Version", timeout,
                VersionRequest.newBuilder().setVersion(API_VERSION).build(), VersionResponse.parser());
    }

    /** Version with a short deadline, for readiness polling. */
    public VersionResponse version(Duration deadline) {
        return call(RUNTIME, "Version", deadline, 
                VersionRequest.newBuilder().setVersion(API_VERSION).build(), VersionResponse.parser());
    }

    public StatusResponse status() {
        return call(RUNTIME, "Status", timeout, StatusRequest.newBuilder().build(), StatusResponse.parser());
    }

    // ---- sandboxes

    /** Creates and starts a pod sandbox (network namespace with its IP from CNI); returns its id. */
    public String runPodSandbox(PodSandboxConfig config) {
        return runPodSandbox(config, "");
    }

    public String runPodSandbox(PodSandboxConfig config, String runtimeHandler) {
        // Sandbox start includes CNI set-up; give it the long deadline.
        Duration d = timeout.multipliedBy(2);
        return call(RUNTIME, "RunPodSandbox", d, RunPodSandboxRequest.newBuilder()
                .setConfig(config).setRuntimeHandler(runtimeHandler).build(),
                RunPodSandboxResponse.parser()).getPodSandboxId();
    }

    public void stopPodSandbox(String sandboxId) {
        call(RUNTIME, "StopPodSandbox", timeout,
                StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build(), StopPodSandboxResponse.parser());
    }

    public void removePodSandbox(String sandboxId) {
        call(RUNTIME, "RemovePodSandbox", timeout,
                RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build(),
                RemovePodSandboxResponse.parser());
    }

    public PodSandboxStatusResponse podSandboxStatus(String sandboxId, boolean verbose) {
        return call(RUNTIME, "PodSandboxStatus", timeout,
                PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).setVerbose(verbose).build(),
                PodSandboxStatusResponse.parser());
    }

    /** The sandbox's primary IP, or "" when it has none (host network or not ready). */
    public String podSandboxIp(String sandboxId) {
        return podSandboxStatus(sandboxId, false).getStatus().getNetwork().getIp();
    }

    public List<PodSandbox> listPodSandboxes() {
        return listPodSandboxes(PodSandboxFilter.getDefaultInstance());
    }

    public List<PodSandbox> listPodSandboxes(PodSandboxFilter filter) {
        return call(RUNTIME, "ListPodSandbox", timeout,
                ListPodSandboxRequest.newBuilder().setFilter(filter).build(),
                ListPodSandboxResponse.parser()).getItemsList();
    }

    // ---- containers

    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        return call(RUNTIME, "CreateContainer", timeout, CreateContainerRequest.newBuilder()
                .setPodSandboxId(sandboxId).setConfig(config).setSandboxConfig(sandboxConfig).build(),
                CreateContainerResponse.parser())
                .getContainerId();
    }

    public void startContainer(String containerId) {
        call(RUNTIME, "StartContainer", timeout,
                StartContainerRequest.newBuilder().setContainerId(containerId).build(),
                StartContainerResponse.parser());
    }

    /** Sends the stop signal, then kills after {@code gracePeriodSeconds} (0 kills at once). */
    public void stopContainer(String containerId, long gracePeriodSeconds) {
        Duration d = timeout.plusSeconds(gracePeriodSeconds);
        call(RUNTIME, "StopContainer", d, StopContainerRequest.newBuilder()
                .setContainerId(containerId).setTimeout(gracePeriodSeconds).build(), StopContainerResponse.parser());
    }

    public void removeContainer(String containerId) {
        call(RUNTIME, "RemoveContainer", timeout,
                RemoveContainerRequest.newBuilder().setContainerId(containerId).build(),
                RemoveContainerResponse.parser());
    }

    public List<dev.jube.kubelet.cri.v1.Container> listContainers() {
        return listContainers(ContainerFilter.getDefaultInstance());
    }

    public List<dev.jube.kubelet.cri.v1.Container> listContainers(ContainerFilter filter) {
        return call(RUNTIME, "ListContainers", timeout,
                ListContainersRequest.newBuilder().setFilter(filter).build(),
                ListContainersResponse.parser()).getContainersList();
    }

    public ContainerStatus containerStatus(String containerId) {
        return call(RUNTIME, "ContainerStatus", timeout,
                ContainerStatusRequest.newBuilder().setContainerId(containerId).build(),
                ContainerStatusResponse.parser()).getStatus();
    }

    public void updateContainerResources(String containerId, LinuxContainerResources resources) {
        call(RUNTIME, "UpdateContainerResources", timeout,
                UpdateContainerResourcesRequest.newBuilder().setContainerId(containerId).setLinux(resources).build(),
                UpdateContainerResourcesResponse.parser());
    }

    public void reopenContainerLog(String containerId) {
        call(RUNTIME, "ReopenContainerLog", timeout,
                ReopenContainerLogRequest.newBuilder().setContainerId(containerId).build(),
                ReopenContainerLogResponse.parser());
    }

    public ContainerStats containerStats(String containerId) {
        return call(RUNTIME, "ContainerStats", timeout,
                ContainerStatsRequest.newBuilder().setContainerId(containerId).build(),
                ContainerStatsResponse.parser()).getStats();
    }

    public List<ContainerStats> listContainerStats() {
        return call(RUNTIME, "ListContainerStats", timeout,
                ListContainerStatsRequest.newBuilder().setFilter(ContainerStatsFilter.getDefaultInstance()).build(),
                ListContainerStatsResponse.parser())
                .getStatsList();
    }

    // ---- exec, attach, port-forward

    /**
     * Runs a command in a running container and waits for it. {@code commandTimeout} of zero means no
     * limit on the runtime side; the call's own deadline is the timeout plus the default deadline.
     */
    public ExecResult execSync(String containerId, List<String> command, Duration commandTimeout) {
        Duration d = timeout.plus(commandTimeout);
        ExecSyncResponse r = call(RUNTIME, "ExecSync", d, ExecSyncRequest.newBuilder()
                .setContainerId(containerId).addAllCmd(command).setTimeout(commandTimeout.toSeconds()).build(),
                ExecSyncResponse.parser());
        return new ExecResult(r.getExitCode(), r.getStdout().toByteArray(), r.getStderr().toByteArray());
    }

    /** URL of the runtime's streaming server for an exec session. */
    public String exec(ExecRequest request) {
        return call(RUNTIME, "Exec", timeout, request, ExecResponse.parser()).getUrl();
    }

    public String attach(AttachRequest request) {
        return call(RUNTIME, "Attach", timeout, request, AttachResponse.parser()).getUrl();
    }

    public String portForward(String sandboxId, List<Integer> ports) {
        return call(RUNTIME, "PortForward", timeout, PortForwardRequest.newBuilder()
                .setPodSandboxId(sandboxId).addAllPort(ports).build(), PortForwardResponse.parser()).getUrl();
    }

    // ---- images

    public List<Image> listImages() {
        return call(IMAGES, "ListImages", timeout,
                ListImagesRequest.newBuilder().setFilter(ImageFilter.getDefaultInstance()).build(),
                ListImagesResponse.parser()).getImagesList();
    }

    /** The image if present, else null. */
    public Image imageStatus(String image) {
        ImageStatusResponse r = call(IMAGES, "ImageStatus", timeout,
                ImageStatusRequest.newBuilder().setImage(spec(image)).build(), ImageStatusResponse.parser());
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
        return call(IMAGES, "PullImage", PULL_TIMEOUT, b.build(), PullImageResponse.parser()).getImageRef();
    }

    public void removeImage(String image) {
        call(IMAGES, "RemoveImage", timeout,
                RemoveImageRequest.newBuilder().setImage(spec(image)).build(), RemoveImageResponse.parser());
    }

    public List<FilesystemUsage> imageFsInfo() {
        return call(IMAGES, "ImageFsInfo", timeout,
                ImageFsInfoRequest.getDefaultInstance(), ImageFsInfoResponse.parser()).getImageFilesystemsList();
    }

    @Override
    public void close() {
        channel.close();
    }

    private static ImageSpec spec(String image) {
        return ImageSpec.newBuilder().setImage(image).build();
    }

    private <T> T call(String service, String method, Duration deadline, MessageLite request, Parser<T> answer) {
        try {
            return channel.call(service + method, request, answer, deadline);
        } catch (GrpcException e) {
            String msg = e.description();
            if (e.code() == GrpcCode.DEADLINE_EXCEEDED) {
                msg = "no answer within " + deadline.toMillis() + " ms" + (msg.isEmpty() ? "" : " (" + msg + ")");
            }
            throw new CriException(method, e.code(), msg, e);
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
