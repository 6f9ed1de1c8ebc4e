package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Lifecycle}, as a view of its JSON (see {@link JsonView}). */
public final class Lifecycle extends JsonView {

    public Lifecycle() {}

    public Lifecycle(Map<String, Object> json) {
        super(json);
    }

    public LifecycleHandler getPostStart() {
        return obj("postStart", LifecycleHandler::new);
    }

    public LifecycleHandler getPreStop() {
        return obj("preStop", LifecycleHandler::new);
    }
}
