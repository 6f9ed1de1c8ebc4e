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

    public Probe withFailureThreshold(Integer value) {
        put("failureThreshold", value);
        return this;
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

    public Probe withPeriodSeconds(Integer value) {
        put("periodSeconds", value);
        return this;
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

    public Probe withTerminationGracePeriodSeconds(Long value) {
        put("terminationGracePeriodSeconds", value);
        return this;
    }

    public Integer getTimeoutSeconds() {
        return integer("timeoutSeconds");
    }
}
