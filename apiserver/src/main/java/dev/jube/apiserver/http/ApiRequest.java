package dev.jube.apiserver.http;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request, independent of the transport: decoded path, query parameters, headers
 * (names lower-cased), the whole body, and the TLS client certificate chain when one was given.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                         byte[] body, List<X509Certificate> peerCertificates, boolean websocket) {

    public ApiRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        peerCertificates = List.copyOf(peerCertificates);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public boolean flag(String name) {
        String v = param(name);
        return v != null && (v.equals("true") || v.equals("1") || v.isEmpty());
    }
}
