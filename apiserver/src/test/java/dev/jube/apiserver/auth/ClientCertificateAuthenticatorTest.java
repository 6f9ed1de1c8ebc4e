package dev.jube.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.pki.ClusterPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificateAuthenticatorTest {

    @TempDir
    Path dir;

    private static ApiRequest withCertificate(X509Certificate... chain) {
        return new ApiRequest("GET", "/api/v1/pods", Map.of(), Map.of(), null, List.of(chain), false);
    }

    @Test
    void theSubjectNamesTheUserAndItsGroupsOnEveryRequest() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("a"), List.of());
        ClientCertificateAuthenticator auth = new ClientCertificateAuthenticator(pki.ca().certificate());
        X509Certificate cert = pki.issueClient("jane", List.of("dev", "ops")).certificate();

        for (int i = 0; i < 3; i++) {
            assertThat(auth.authenticate(withCertificate(cert))).contains(
                    new UserInfo("jane", "", List.of("dev", "ops", "system:authenticated")));
        }
        X509Certificate other = pki.issueClient("joe", List.of()).certificate();
        assertThat(auth.authenticate(withCertificate(other))).contains(
                new UserInfo("joe", "", List.of("system:authenticated")));
    }

    @Test
    void aCertificateFromAnotherAuthorityIsNeverAccepted() throws Exception {
        ClusterPki ours = ClusterPki.loadOrCreate(dir.resolve("ours"), List.of());
        ClusterPki theirs = ClusterPki.loadOrCreate(dir.resolve("theirs"), List.of());
        ClientCertificateAuthenticator auth = new ClientCertificateAuthenticator(ours.ca().certificate());
        X509Certificate foreign = theirs.issueClient(ClusterPki.ADMIN_USER, List.of(ClusterPki.ADMIN_GROUP))
                .certificate();

        for (int i = 0; i < 3; i++) {
            assertThat(auth.authenticate(withCertificate(foreign))).isEmpty();
        }
        assertThat(auth.authenticate(withCertificate())).isEmpty();
    }
}
