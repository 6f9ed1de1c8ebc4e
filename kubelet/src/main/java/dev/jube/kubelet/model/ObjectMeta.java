package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code ObjectMeta}, as a view of its JSON (see {@link JsonView}). */
public final class ObjectMeta extends JsonView {

    public ObjectMeta() {}

    public ObjectMeta(Map<String, Object> json) {
        super(json);
    }

    public Map<String, String> getAnnotations() {
        return strMap("annotations");
    }

    public ObjectMeta withAnnotations(Map<String, String> value) {
        put("annotations", value);
        return this;
    }

    public Long getDeletionGracePeriodSeconds() {
        return lng("deletionGracePeriodSeconds");
    }

    public String getDeletionTimestamp() {
        return str("deletionTimestamp");
    }

    public Map<String, String> getLabels() {
        return strMap("labels");
    }

    public ObjectMeta withLabels(Map<String, String> value) {
        put("labels", value);
        return this;
    }

    public String getName() {
        return str("name");
    }

    public ObjectMeta withName(String value) {
        put("name", value);
        return this;
    }

    public String getNamespace() {
        return str("namespace");
    }

    public ObjectMeta withNamespace(String value) {
        put("namespace", value);
        return this;
    }

    public ObjectMeta withOwnerReferences(List<OwnerReference> value) {
        put("ownerReferences", value);
        return this;
    }

    public String getUid() {
        return str("uid");
    }
}
