package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code DownwardAPIVolumeFile}, as a view of its JSON (see {@link JsonView}). */
public final class DownwardAPIVolumeFile extends JsonView {

    public DownwardAPIVolumeFile() {}

    public DownwardAPIVolumeFile(Map<String, Object> json) {
        super(json);
    }

    public ObjectFieldSelector getFieldRef() {
        return obj("fieldRef", ObjectFieldSelector::new);
    }

    public Integer getMode() {
        return integer("mode");
    }

    public String getPath() {
        return str("path");
    }

    public ResourceFieldSelector getResourceFieldRef() {
        return obj("resourceFieldRef", ResourceFieldSelector::new);
    }
}
