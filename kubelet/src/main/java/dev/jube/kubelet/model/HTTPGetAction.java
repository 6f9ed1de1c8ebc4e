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

    public List<HTTPHeader> getHttpHeaders() {
        return list("httpHeaders", HTTPHeader::new);
    }

    public String getPath() {
        return str("path");
    }

    public IntOrString getPort() {
        return intOrString("port");
    }

    public String getScheme() {
        return str("scheme");
    }
}
