package dev.jube.apiserver.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificates under {@code DIR/pki}: a CA, the API server's serving certificate
 * and the admin client certificate. Created at first start, reused afterwards; a leaf close to
 * expiry, or a serving certificate missing one of the wanted names, is issued again.
 */
public final class ClusterPki {

    public static final String ADMIN_USER = "kubernetes-admin";
    public static final String ADMIN_GROUP = "system:masters";
    /** The identity the API server presents to kubelets (logs, exec, attach, port-forward). */
    public static final String KUBELET_CLIENT_USER = "kube-apiserver-kubelet-client";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Identity(X509Certificate certificate, PrivateKey key) {}

    private final Identity ca;
    private final Identity server;
    private final Identity admin;
    private final Identity kubeletClient;

    private ClusterPki(Identity ca, Identity server, Identity admin, Identity kubeletClient) {
        this.ca = ca;
        this.server = server;
        this.admin = admin;
        this.kubeletClient = kubeletClient;
    }

    public Identity ca() { return ca; }
    public Identity server() { return server; }
    public Identity admin() { return admin; }
    public Identity kubeletClient() { return kubeletClient; }

    /** Loads or creates the certificates in {@code dir}. */
    public static ClusterPki loadOrCreate(Path dir, List<String> extraNames) throws IOException {
        Files.createDirectories(dir);
        try {
            Identity ca = load(dir, "ca");
            if (ca == null || expiresSoon(ca.certificate())) {
                ca = issueCa();
                save(dir, "ca", ca);
                Files.deleteIfExists(dir.resolve("apiserver.crt"));
                Files.deleteIfExists(dir.resolve("admin.crt"));
                Files.deleteIfExists(dir.resolve("apiserver-kubelet-client.crt"));
            }
            Set<String> names = servingNames(extraNames);
            Identity server = load(dir, "apiserver");
            if (server == null || expiresSoon(server.certificate()) || !covers(server.certificate(), names)
                    || !signedBy(server.certificate(), ca)) {
                server = issueLeaf(ca, "kube-apiserver", List.of(), names, KeyPurposeId.id_kp_serverAuth);
                save(dir, "apiserver", server);
            }
            Identity admin = clientIdentity(dir, "admin", ca, ADMIN_USER);
            Identity kubeletClient = clientIdentity(dir, "apiserver-kubelet-client", ca, KUBELET_CLIENT_USER);
            return new ClusterPki(ca, server, admin, kubeletClient);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the cluster certificates: " + e.getMessage(), e);
        }
    }

    /** A client identity in the admin group, issued again when missing, expiring or from another CA. */
    private static Identity clientIdentity(Path dir, String name, Identity ca, String user)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Identity id = load(dir, name);
        if (id == null || expiresSoon(id.certificate()) || !signedBy(id.certificate(), ca)) {
            id = issueLeaf(ca, user, List.of(ADMIN_GROUP), Set.of(), KeyPurposeId.id_kp_clientAuth);
            save(dir, name, id);
        }
        return id;
    }

    /** Issues a client certificate for {@code user} in {@code groups}, signed by the CA. */
    public Identity issueClient(String user, List<String> groups) throws IOException {
        try {
            return issueLeaf(ca, user, groups, Set.of(), KeyPurposeId.id_kp_clientAuth);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue a client certificate: " + e.getMessage(), e);
        }
    }

    /** Issues a serving certificate for {@code names} (DNS names or IP addresses), signed by the CA. */
    public Identity issueServing(String commonName, Set<String> names) throws IOException {
        try {
            return issueLeaf(ca, commonName, List.of(), names, KeyPurposeId.id_kp_serverAuth);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue a serving certificate: " + e.getMessage(), e);
        }
    }

    private static Identity load(Path dir, String name) throws IOException {
        Path crt = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        if (!Files.exists(crt) || !Files.exists(key)) {
            return null;
        }
        return new Identity(Pem.readCertificate(crt), Pem.readPrivateKey(key));
    }

    private static void save(Path dir, String name, Identity id) throws IOException {
        Pem.writePrivate(dir.resolve(name + ".key"), Pem.privateKey(id.key()));
        Files.writeString(dir.resolve(name + ".crt"), Pem.certificate(id.certificate()));
    }

    private static boolean expiresSoon(X509Certificate cert) {
        return cert.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
    }

    private static boolean signedBy(X509Certificate cert, Identity ca) {
        try {
            cert.verify(ca.certificate().getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean covers(X509Certificate cert, Set<String> names) throws GeneralSecurityException {
        Set<String> have = new LinkedHashSet<>();
        if (cert.getSubjectAlternativeNames() != null) {
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                have.add(String.valueOf(san.get(1)));
            }
        }
        for (String n : names) {
            String normal = isIp(n) ? normalizeIp(n) : n;
            if (!have.contains(n) && !have.contains(normal)) {
                return false;
            }
        }
        return true;
    }

    private static String normalizeIp(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException e) {
            return ip;
        }
    }

    /** Names the serving certificate must carry: loopback, the in-cluster service names, this host. */
    static Set<String> servingNames(List<String> extra) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "127.0.0.1", "10.96.0.1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException unknownHost) {
            // No resolvable host name: loopback names still work.
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) {
                        String host = a.getHostAddress();
                        int zone = host.indexOf('%');
                        names.add(zone >= 0 ? host.substring(0, zone) : host);
                    }
                }
            }
        } catch (SocketException e) {
            // Interfaces cannot be listed here: loopback names still work.
        }
        names.addAll(extra);
        return names;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static Identity issueCa() throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair kp = newKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "jube-ca").build();
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), name, kp.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        X509Certificate cert = sign(b, kp.getPrivate());
        return new Identity(cert, kp.getPrivate());
    }

    private static Identity issueLeaf(Identity ca, String cn, List<String> orgs, Set<String> sans, KeyPurposeId usage)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair kp = newKeyPair();
        X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
        for (String o : orgs) {
            nb.addRDN(BCStyle.O, o);
        }
        nb.addRDN(BCStyle.CN, cn);
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(LEAF_VALIDITY)), nb.build(),
                kp.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
        if (!sans.isEmpty()) {
            List<GeneralName> names = new ArrayList<>();
            for (String s : sans) {
                names.add(isIp(s) ? new GeneralName(GeneralName.iPAddress, s) : new GeneralName(GeneralName.dNSName, s));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        return new Identity(sign(b, ca.key()), kp.getPrivate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }

    private static boolean isIp(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }
}
