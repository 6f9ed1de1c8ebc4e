package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code HTTPGetAction}, as a view of its JSON (see {@link JsonView}). */
public final class HTTPGetAction extends JsonView {

    public HTTPGetAction() {}

    public HTTPGetAction(Map<String, Object> json) {
        super(json);
    }

    public String getHost() {
        return str("host");
    }

    public HTTPGetAction withHost(String value) {
        put("host", value);
        return this;
    }

    public List<HTTPHeader> getHttpHeaders() {
        return list("httpHeaders", HTTPHeader::new);
    }

    public String getPath() {
        return str("path");
    }

    public HTTPGetAction withPath(String value) {
        put("path", value);
        return this;
    }

    public IntOrString getPort() {
        return intOrString("port");
    }

    public void setPort(IntOrString value) {
        put("port", value);
    }

    public HTTPGetAction withPort(IntOrString value) {
        put("port", value);
        return this;
    }

    public String getProtocol() {
        return str("protocol");
    }

    public void setProtocol(String value) {
        put("protocol", value);
    }

    public String getScheme() {
        return str("scheme");
    }
}
