package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code ExecAction}, as a view of its JSON (see {@link JsonView}). */
public final class ExecAction extends JsonView {

    public ExecAction() {}

    public ExecAction(Map<String, Object> json) {
        super(json);
    }

    public List<String> getCommand() {
        return strings("command");
    }
}
