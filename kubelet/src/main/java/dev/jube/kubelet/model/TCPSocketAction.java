package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code TCPSocketAction}, as a view of its JSON (see {@link JsonView}). */
public final class TCPSocketAction extends JsonView {

    public TCPSocketAction() {}

    public TCPSocketAction(Map<String, Object> json) {
        super(json);
    }

    public String getHost() {
        return str("host");
    }

    public IntOrString getPort() {
        return intOrString("port");
    }
}
