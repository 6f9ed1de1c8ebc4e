package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code DownwardAPIVolumeSource}, as a view of its JSON (see {@link JsonView}). */
public final class DownwardAPIVolumeSource extends JsonView {

    public DownwardAPIVolumeSource() {}

    public DownwardAPIVolumeSource(Map<String, Object> json) {
        super(json);
    }

    public Integer getDefaultMode() {
        return integer("defaultMode");
    }

    public List<DownwardAPIVolumeFile> getItems() {
        return list("items", DownwardAPIVolumeFile::new);
    }
}
