package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Users from TLS client certificates signed by the cluster CA: the user is the subject's CN,
 * the groups are its O values (as upstream's x509 authenticator does).
 */
public final class ClientCertificateAuthenticator implements Authenticator {

    private final X509Certificate ca;

    public ClientCertificateAuthenticator(X509Certificate ca) {
        this.ca = ca;
    }

    @Override
    public Optional<UserInfo> authenticate(ApiRequest request) {
        if (request.peerCertificates().isEmpty()) {
            return Optional.empty();
        }
        X509Certificate leaf = request.peerCertificates().getFirst();
        try {
            // The TLS layer verified the chain already; checking again keeps this class safe on its own.
            leaf.checkValidity();
            leaf.verify(ca.getPublicKey());
        } catch (Exception e) {
            return Optional.empty();
        }
        String cn = null;
        List<String> groups = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = rdn.getValue().toString();
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        if (cn == null || cn.isEmpty()) {
            return Optional.empty();
        }
        // LdapName lists RDNs from last to first; keep the groups in certificate order.
        java.util.Collections.reverse(groups);
        groups.add("system:authenticated");
        return Optional.of(new UserInfo(cn, "", groups));
    }
}
