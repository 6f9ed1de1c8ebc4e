package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code ProjectedVolumeSource}, as a view of its JSON (see {@link JsonView}). */
public final class ProjectedVolumeSource extends JsonView {

    public ProjectedVolumeSource() {}

    public ProjectedVolumeSource(Map<String, Object> json) {
        super(json);
    }

    public Integer getDefaultMode() {
        return integer("defaultMode");
    }

    public List<VolumeProjection> getSources() {
        return list("sources", VolumeProjection::new);
    }
}
