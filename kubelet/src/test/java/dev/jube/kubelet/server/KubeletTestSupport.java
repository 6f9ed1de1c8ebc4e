package dev.jube.kubelet.server;

import dev.jube.apiserver.pki.ClusterPki;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Node objects and TLS material for tests that run a kubelet server beside an API server. */
final class KubeletTestSupport {

    private KubeletTestSupport() {
    }

    /** A serving certificate for 127.0.0.1 from the cluster CA, accepting the cluster's client certificates. */
    static KubeletTls tls(ClusterPki pki) throws IOException {
        ClusterPki.Identity serving = pki.issueServing("kubelet", Set.of("127.0.0.1", "localhost"));
        return new KubeletTls(List.of(serving.certificate()), serving.key(), pki.ca().certificate());
    }

    /** A Node whose kubelet listens on 127.0.0.1:{@code port}. */
    static Node node(String name, int port) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(port).endKubeletEndpoint()
                .endDaemonEndpoints()
                .endStatus().build();
    }

    /** Creates the node, then sets its status (which a create leaves out). */
    static void createNode(io.fabric8.kubernetes.client.KubernetesClient client, Node node) {
        Node created = client.nodes().resource(node).create();
        created.setStatus(node.getStatus());
        client.nodes().resource(created).updateStatus();
    }

    /** A TLS client context presenting {@code identity} and trusting the cluster CA. */
    static SSLContext clientContext(ClusterPki pki, ClusterPki.Identity identity) throws GeneralSecurityException,
            IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (identity != null) {
            keys.setKeyEntry("client", identity.key(), new char[0], new Certificate[] {identity.certificate()});
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
