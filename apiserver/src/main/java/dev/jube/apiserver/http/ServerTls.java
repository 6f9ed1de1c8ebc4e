package dev.jube.apiserver.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The serving side of TLS, made on the JDK's own engine: one key and chain, client certificates
 * asked for (not required) and checked against the cluster CA, and ALPN offering HTTP/2 before
 * HTTP/1.1. Built directly rather than through Netty's SSL contexts, whose set-up (a default
 * context with the system trust store, a PKCS#12 key store with an encrypted key) took about
 * 300 ms of every start.
 */
public final class ServerTls {

    private static final String ALIAS = "server";

    private final SSLContext context;
    private final String[] cipherSuites;

    private ServerTls(SSLContext context) {
        this.context = context;
        // HTTP/2 forbids the weaker TLS 1.2 suites: offer the ones it allows that this JDK has.
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
        this.cipherSuites = Http2SecurityUtil.CIPHERS.stream().filter(supported::contains).toArray(String[]::new);
    }

    /** A server presenting {@code chain} (leaf first) and trusting client certificates issued by {@code clientCa}. */
    public static ServerTls create(PrivateKey key, List<X509Certificate> chain, X509Certificate clientCa)
            throws GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trusted.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot make an empty key store", e);
        }
        trusted.setCertificateEntry("ca", clientCa);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trusted);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(new javax.net.ssl.KeyManager[] {new SingleKeyManager(key, chain.toArray(X509Certificate[]::new))},
                tmf.getTrustManagers(), null);
        return new ServerTls(ctx);
    }

    /** A server engine for one connection. */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setWantClientAuth(true);
        p.setApplicationProtocols(new String[] {ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1});
        if (cipherSuites.length > 0) {
            p.setCipherSuites(cipherSuites);
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /** Always offers the one key; the handshake then fails if the client accepts none of its kind. */
    private static final class SingleKeyManager extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate[] chain;

        SingleKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        private String aliasFor(String keyType) {
            String alg = key.getAlgorithm();
            return keyType.equals(alg) || keyType.startsWith(alg + "_") ? ALIAS : null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? Arrays.copyOf(chain, chain.length) : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
