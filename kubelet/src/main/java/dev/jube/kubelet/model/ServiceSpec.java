package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code ServiceSpec}, as a view of its JSON (see {@link JsonView}). */
public final class ServiceSpec extends JsonView {

    public ServiceSpec() {}

    public ServiceSpec(Map<String, Object> json) {
        super(json);
    }

    public String getClusterIP() {
        return str("clusterIP");
    }

    public List<ServicePort> getPorts() {
        return list("ports", ServicePort::new);
    }
}
