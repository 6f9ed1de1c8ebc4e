package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ServiceAccount}, as a view of its JSON (see {@link JsonView}). */
public final class ServiceAccount extends JsonView {

    public ServiceAccount() {}

    public ServiceAccount(Map<String, Object> json) {
        super(json);
    }
}
