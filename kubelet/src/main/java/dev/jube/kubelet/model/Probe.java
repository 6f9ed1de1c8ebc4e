package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Probe}, as a view of its JSON (see {@link JsonView}). */
public final class Probe extends JsonView {

    public Probe() {}

    public Probe(Map<String, Object> json) {
        super(json);
    }

    public ExecAction getExec() {
        return obj("exec", ExecAction::new);
    }

    public Integer getFailureThreshold() {
        return integer("failureThreshold");
    }

    public GRPCAction getGrpc() {
        return obj("grpc", GRPCAction::new);
    }

    public HTTPGetAction getHttpGet() {
        return obj("httpGet", HTTPGetAction::new);
    }

    public Integer getInitialDelaySeconds() {
        return integer("initialDelaySeconds");
    }

    public Integer getPeriodSeconds() {
        return integer("periodSeconds");
    }

    public Integer getSuccessThreshold() {
        return integer("successThreshold");
    }

    public TCPSocketAction getTcpSocket() {
        return obj("tcpSocket", TCPSocketAction::new);
    }

    public Long getTerminationGracePeriodSeconds() {
        return lng("terminationGracePeriodSeconds");
    }

    public Integer getTimeoutSeconds() {
        return integer("timeoutSeconds");
    }
}
