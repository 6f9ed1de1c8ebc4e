package dev.jube.kubelet.probes;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.CriException;
import dev.jube.kubelet.grpc.GrpcChannel;
import dev.jube.kubelet.grpc.GrpcCode;
import dev.jube.kubelet.grpc.GrpcException;
import dev.jube.kubelet.probes.health.HealthCheckRequest;
import dev.jube.kubelet.probes.health.HealthCheckResponse;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.ContainerPort;
import dev.jube.kubelet.model.ExecAction;
import dev.jube.kubelet.model.GRPCAction;
import dev.jube.kubelet.model.HTTPGetAction;
import dev.jube.kubelet.model.HTTPHeader;
import dev.jube.kubelet.model.IntOrString;
import dev.jube.kubelet.model.TCPSocketAction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The actions probes and lifecycle hooks run: exec in the container, HTTP GET, TCP connect, gRPC health. */
final class Handlers {

    private static final String HEALTH_CHECK = "grpc.health.v1.Health/Check";

    private final CriClient cri;
    private final HttpClient http;

    Handlers(CriClient cri) {
        this.cri = cri;
        this.http = HttpClient.newBuilder().sslContext(trustAll()).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    ProbeResult exec(String containerId, ExecAction action, Duration timeout) {
        try {
            CriClient.ExecResult r = cri.execSync(containerId, action.getCommand(), timeout);
            String out = (r.stdoutText() + r.stderrText()).strip();
            return r.exitCode() == 0 ? ProbeResult.ok()
                    : ProbeResult.failed(out.isEmpty() ? "command " + action.getCommand() + " exited with "
                            + r.exitCode() : out);
        } catch (CriException e) {
            return ProbeResult.failed(e.getMessage());
        }
    }

    /** Success is a status from 200 to 399, as upstream's prober counts it. */
    ProbeResult httpGet(Container c, String podIp, HTTPGetAction action, Duration timeout) {
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        String scheme = action.getScheme() == null ? "http" : action.getScheme().toLowerCase(java.util.Locale.ROOT);
        String path = action.getPath() == null ? "/" : action.getPath().startsWith("/") ? action.getPath()
                : "/" + action.getPath();
        URI uri;
        try {
            uri = URI.create(scheme + "://" + host + ":" + port(c, action.getPort()) + path);
        } catch (IllegalArgumentException e) {
            return ProbeResult.failed(e.getMessage());
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "kube-probe/1.32");
        if (action.getHttpHeaders() != null) {
            for (HTTPHeader h : action.getHttpHeaders()) {
                if ("host".equalsIgnoreCase(h.getName())) {
                    continue;
                }
                req.setHeader(h.getName(), h.getValue());
            }
        }
        try {
            HttpResponse<String> r = http.send(req.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() >= 200 && r.statusCode() < 400) {
                return ProbeResult.ok();
            }
            return ProbeResult.failed("HTTP probe failed with statuscode: " + r.statusCode());
        } catch (IOException e) {
            return ProbeResult.failed("Get \"" + uri + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        }
    }

    ProbeResult tcp(Container c, String podIp, TCPSocketAction action, Duration timeout) {
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        int port;
        try {
            port = port(c, action.getPort());
        } catch (IllegalArgumentException e) {
            return ProbeResult.failed(e.getMessage());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return ProbeResult.ok();
        } catch (IOException e) {
            return ProbeResult.failed("dial tcp " + host + ":" + port + ": " + e.getMessage());
        }
    }

    ProbeResult grpc(String podIp, GRPCAction action, Duration timeout) {
        // A connection per probe, as the upstream kubelet dials one each time.
        try (GrpcChannel channel = GrpcChannel.tcp(podIp, action.getPort(), timeout)) {
            HealthCheckResponse r = channel.call(HEALTH_CHECK, HealthCheckRequest.newBuilder()
                    .setService(action.getService() == null ? "" : action.getService()).build(),
                    HealthCheckResponse.parser(), timeout);
            return r.getStatus() == HealthCheckResponse.ServingStatus.SERVING ? ProbeResult.ok()
                    : ProbeResult.failed("service unhealthy (responded with \"" + r.getStatus() + "\")");
        } catch (GrpcException e) {
            if (e.code() == GrpcCode.DEADLINE_EXCEEDED) {
                return ProbeResult.failed("timeout: health rpc did not complete within " + timeout.toMillis() + "ms");
            }
            return ProbeResult.failed("failed to connect service \"" + podIp + ":" + action.getPort() + "\": "
                    + e.getMessage());
        }
    }

    /** A port given by number or by the name of one of the container's ports. */
    static int port(Container c, IntOrString port) {
        if (port == null) {
            throw new IllegalArgumentException("no port given");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                if (name.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("couldn't find port: " + name + " in " + c.getName());
        }
    }

    /** Upstream's prober does not verify certificates of HTTPS probes. */
    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
