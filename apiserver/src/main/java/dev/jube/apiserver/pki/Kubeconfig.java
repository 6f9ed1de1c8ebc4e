package dev.jube.apiserver.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Writes a kubeconfig with the certificates embedded, so it works wherever it is copied. */
public final class Kubeconfig {

    private Kubeconfig() {}

    public static void write(Path file, String serverUrl, ClusterPki pki) throws IOException {
        String yaml = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: jube\n"
                + "  cluster:\n"
                + "    server: " + serverUrl + "\n"
                + "    certificate-authority-data: " + b64(Pem.certificate(pki.ca().certificate())) + "\n"
                + "contexts:\n"
                + "- name: jube\n"
                + "  context:\n"
                + "    cluster: jube\n"
                + "    user: " + ClusterPki.ADMIN_USER + "\n"
                + "current-context: jube\n"
                + "users:\n"
                + "- name: " + ClusterPki.ADMIN_USER + "\n"
                + "  user:\n"
                + "    client-certificate-data: " + b64(Pem.certificate(pki.admin().certificate())) + "\n"
                + "    client-key-data: " + b64(Pem.privateKey(pki.admin().key())) + "\n"
                + "preferences: {}\n";
        Pem.writePrivate(file, yaml);
    }

    private static String b64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
