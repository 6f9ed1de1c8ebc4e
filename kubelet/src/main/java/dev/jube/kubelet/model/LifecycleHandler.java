package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code LifecycleHandler}, as a view of its JSON (see {@link JsonView}). */
public final class LifecycleHandler extends JsonView {

    public LifecycleHandler() {}

    public LifecycleHandler(Map<String, Object> json) {
        super(json);
    }

    public ExecAction getExec() {
        return obj("exec", ExecAction::new);
    }

    public HTTPGetAction getHttpGet() {
        return obj("httpGet", HTTPGetAction::new);
    }

    public SleepAction getSleep() {
        return obj("sleep", SleepAction::new);
    }

    public TCPSocketAction getTcpSocket() {
        return obj("tcpSocket", TCPSocketAction::new);
    }
}
