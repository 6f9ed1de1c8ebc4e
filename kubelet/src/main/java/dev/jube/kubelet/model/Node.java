package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Node}, as a view of its JSON (see {@link JsonView}). */
public final class Node extends JsonView {

    public Node() {}

    public Node(Map<String, Object> json) {
        super(json);
    }

    public Node withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public Node withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public Node withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }

    public NodeSpec getSpec() {
        return obj("spec", NodeSpec::new);
    }

    public Node withSpec(NodeSpec value) {
        put("spec", value);
        return this;
    }

    public Node withStatus(NodeStatus value) {
        put("status", value);
        return this;
    }
}
