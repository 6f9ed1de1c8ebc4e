package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Users from TLS client certificates signed by the cluster CA: the user is the subject's CN,
 * the groups are its O values (as upstream's x509 authenticator does).
 *
 * <p>Checking a signature costs more than serving a small request, and every request on a
 * connection presents the same certificate: the outcome of the signature check and the parsed
 * subject are kept per certificate (as upstream keeps verified chains). The validity period is
 * checked on every request.
 */
public final class ClientCertificateAuthenticator implements Authenticator {

    /** Clients of a small cluster are few; past this many, the cache starts again rather than grow. */
    private static final int MAX_CACHED = 1024;

    private final X509Certificate ca;
    private final Map<X509Certificate, Optional<UserInfo>> verified = new ConcurrentHashMap<>();

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
            leaf.checkValidity();
        } catch (Exception e) {
            return Optional.empty();
        }
        Optional<UserInfo> user = verified.get(leaf);
        if (user == null) {
            user = verify(leaf);
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
            verified.put(leaf, user);
        }
        return user;
    }

    private Optional<UserInfo> verify(X509Certificate leaf) {
        try {
            // The TLS layer verified the chain already; checking again keeps this class safe on its own.
            leaf.verify(ca.getPublicKey());
        } catch (Exception e) {
            return Optional.empty();
        }
        String cn = null;
        List<String> groups = new ArrayList<>();
        try {
            // getRdns() lists the RDNs in the certificate's order, so the groups keep it (as upstream's do).
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
        groups.add("system:authenticated");
        return Optional.of(new UserInfo(cn, "", groups));
    }
}
