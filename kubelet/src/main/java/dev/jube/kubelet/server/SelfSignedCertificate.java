package dev.jube.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A self-signed X.509 v3 certificate for an EC key (ECDSA with SHA-256) with subject alternative
 * names, written in DER directly: the fields a serving certificate needs take a page, where a
 * certificate library would load a few hundred classes into the node agent.
 */
public final class SelfSignedCertificate {

    private static final int[] ECDSA_WITH_SHA256 = {1, 2, 840, 10045, 4, 3, 2};
    private static final int[] COMMON_NAME = {2, 5, 4, 3};
    private static final int[] SUBJECT_ALT_NAME = {2, 5, 29, 17};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SelfSignedCertificate() {}

    /** The certificate's DER encoding; {@code ips} must be IP address literals. */
    public static byte[] create(KeyPair keys, BigInteger serial, String commonName, List<String> dnsNames, List<String> ips,
            Instant notBefore, Instant notAfter) throws GeneralSecurityException {
        byte[] algorithm = sequence(oid(ECDSA_WITH_SHA256));
        byte[] name = sequence(set(sequence(oid(COMMON_NAME), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        ByteArrayOutputStream altNames = new ByteArrayOutputStream();
        for (String dns : dnsNames) {
            altNames.writeBytes(tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
        }
        for (String ip : ips) {
            altNames.writeBytes(tlv(0x87, address(ip)));
        }
        byte[] extensions = tlv(0xa3, sequence(sequence(oid(SUBJECT_ALT_NAME),
                tlv(0x04, sequence(altNames.toByteArray())))));
        byte[] tbs = sequence(tlv(0xa0, integer(BigInteger.TWO)), integer(serial), algorithm, name,
                sequence(time(notBefore), time(notAfter)), name, keys.getPublic().getEncoded(), extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1]; // no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        return sequence(tbs, algorithm, tlv(0x03, bits));
    }

    /** An IP literal's bytes; a literal needs no name lookup. */
    private static byte[] address(String literal) throws GeneralSecurityException {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new GeneralSecurityException("not an IP address: " + literal, e);
        }
    }

    /** RFC 5280: UTCTime through 2049, GeneralizedTime after. */
    private static byte[] time(Instant t) {
        boolean utc = t.atZone(ZoneOffset.UTC).getYear() < 2050;
        return tlv(utc ? 0x17 : 0x18, (utc ? UTC_TIME : GENERALIZED_TIME).format(t).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    private static byte[] oid(int[] arcs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int shift = 28;
            while (shift > 0 && (arc >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                b.write(0x80 | ((arc >>> shift) & 0x7f));
            }
            b.write(arc & 0x7f);
        }
        return tlv(0x06, b.toByteArray());
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(content.length + 6);
        b.write(tag);
        int n = content.length;
        if (n < 0x80) {
            b.write(n);
        } else if (n < 0x100) {
            b.write(0x81);
            b.write(n);
        } else if (n < 0x10000) {
            b.write(0x82);
            b.write(n >>> 8);
            b.write(n);
        } else {
            b.write(0x83);
            b.write(n >>> 16);
            b.write(n >>> 8);
            b.write(n);
        }
        b.writeBytes(content);
        return b.toByteArray();
    }
}
