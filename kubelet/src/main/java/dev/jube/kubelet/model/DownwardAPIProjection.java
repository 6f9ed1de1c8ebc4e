package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code DownwardAPIProjection}, as a view of its JSON (see {@link JsonView}). */
public final class DownwardAPIProjection extends JsonView {

    public DownwardAPIProjection() {}

    public DownwardAPIProjection(Map<String, Object> json) {
        super(json);
    }

    public List<DownwardAPIVolumeFile> getItems() {
        return list("items", DownwardAPIVolumeFile::new);
    }
}
