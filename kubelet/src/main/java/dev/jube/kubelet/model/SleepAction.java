package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code SleepAction}, as a view of its JSON (see {@link JsonView}). */
public final class SleepAction extends JsonView {

    public SleepAction() {}

    public SleepAction(Map<String, Object> json) {
        super(json);
    }

    public Long getSeconds() {
        return lng("seconds");
    }
}
