package dev.jube.cli;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.api.ApiEndpoint;
import dev.jube.kubelet.api.ApiException;
import dev.jube.kubelet.api.Pem;
import dev.jube.kubelet.model.ConfigMap;
import dev.jube.kubelet.node.NodeAgent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jube agent}: joins this host to a cluster as a node, the way {@code kubeadm join} does:
 * reads the cluster CA from {@code kube-public/cluster-info}, checks it against the pinned hash,
 * then talks to the API server with the bootstrap token only over a connection that CA verifies.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run a node agent that joins an existing cluster (see `jube token create`).")
public final class AgentCommand implements Callable<Integer> {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    private static final Pattern CA_DATA = Pattern.compile("certificate-authority-data:\\s*(\\S+)");

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The API server, e.g. https://10.0.0.1:6443.")
    URI server;

    @Option(names = "--token", required = true, paramLabel = "ID.SECRET", description = "A bootstrap token from `jube token create`.")
    String token;

    @Option(names = "--ca-cert-hash", paramLabel = "sha256:HEX",
            description = "The cluster CA's public key hash; without it the CA is trusted as first seen.")
    String caCertHash;

    @Option(names = "--data-dir", description = "Where the agent keeps its kubeconfig, containerd and pods (default: ~/.jube).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".jube");

    @Mixin
    AgentOptions agent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!"https".equals(server.getScheme()) || server.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--server must be an https:// URL, not '" + server + "'");
        }
        if (!TOKEN.matcher(token).matches()) {
            throw new ParameterException(spec.commandLine(),
                    "--token must look like abcdef.0123456789abcdef (6 and 16 characters of a-z0-9)");
        }
        if (caCertHash != null && !CaCertHash.wellFormed(caCertHash)) {
            throw new ParameterException(spec.commandLine(), "--ca-cert-hash must be sha256: and 64 hex digits");
        }
        var err = spec.commandLine().getErr();
        X509Certificate ca;
        try {
            ca = discoverCa();
        } catch (JoinException e) {
            err.println("jube agent: " + e.getMessage());
            return 1;
        }
        String url = server.toString().replaceAll("/+$", "");
        Path kubeconfig = dataDir.resolve("agent").resolve("kubeconfig");
        String yaml = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: jube\n"
                + "  cluster:\n"
                + "    server: " + url + "\n"
                + "    certificate-authority-data: " + Base64.getEncoder().encodeToString(
                        Pem.encode("CERTIFICATE", ca.getEncoded()).getBytes(StandardCharsets.US_ASCII)) + "\n"
                + "contexts:\n"
                + "- name: jube\n"
                + "  context:\n"
                + "    cluster: jube\n"
                + "    user: node-bootstrap\n"
                + "current-context: jube\n"
                + "users:\n"
                + "- name: node-bootstrap\n"
                + "  user:\n"
                + "    token: " + token + "\n";
        writePrivate(kubeconfig, yaml);
        NodeAgent.Config config = agent.config(dataDir);
        ApiClient client = new ApiClient(ApiEndpoint.withToken(URI.create(url), ca, token));
        try {
            client.nodes().get(null, config.nodeName()); // a refused token fails here, before containerd starts
        } catch (ApiException e) {
            client.close();
            err.println("jube agent: the API server at " + url + " refused the token: " + e.getMessage());
            return 1;
        }
        NodeAgent node;
        try {
            node = NodeAgent.start(client, config);
        } catch (RuntimeException e) {
            client.close();
            err.println("jube agent: cannot start the node agent: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            client.close();
            stopped.countDown();
        }, "jube-agent-shutdown"));
        spec.commandLine().getOut().println("Node " + config.nodeName() + " joined " + url + ".");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** The CA from cluster-info, read over an unverified connection and then pinned. */
    private X509Certificate discoverCa() throws JoinException {
        ConfigMap info;
        try (ApiClient unverified = new ApiClient(new ApiEndpoint(server, trustingAnything(), null, null))) {
            info = unverified.configMaps().get("kube-public", "cluster-info");
        } catch (ApiException e) {
            throw new JoinException(e.code() == 0 ? "cannot reach " + server + ": " + e.getMessage()
                    : "cannot read the cluster's CA from " + server + ": HTTP " + e.code());
        } catch (RuntimeException e) {
            throw new JoinException(server + " did not answer with a ConfigMap");
        }
        if (info == null) {
            throw new JoinException("cannot read the cluster's CA from " + server + ": HTTP 404");
        }
        String kubeconfig = info.getData().get("kubeconfig");
        Matcher m = CA_DATA.matcher(kubeconfig == null ? "" : kubeconfig);
        if (!m.find()) {
            throw new JoinException("kube-public/cluster-info has no certificate-authority-data");
        }
        X509Certificate ca;
        try {
            ca = Pem.certificate(Base64.getDecoder().decode(m.group(1)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new JoinException("kube-public/cluster-info holds no readable CA certificate: " + e.getMessage());
        }
        if (caCertHash == null) {
            spec.commandLine().getErr().println("jube agent: warning: no --ca-cert-hash; trusting the cluster CA "
                    + CaCertHash.of(ca) + " as first seen");
        } else if (!CaCertHash.matches(caCertHash, ca)) {
            throw new JoinException("the cluster CA's hash is " + CaCertHash.of(ca) + ", not the expected "
                    + caCertHash + "; refusing to join");
        }
        return ca;
    }

    private static SSLContext trustingAnything() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
                @Override public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static final class JoinException extends Exception {
        JoinException(String message) {
            super(message);
        }
    }
}
