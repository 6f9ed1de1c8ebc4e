package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code PodDNSConfig}, as a view of its JSON (see {@link JsonView}). */
public final class PodDNSConfig extends JsonView {

    public PodDNSConfig() {}

    public PodDNSConfig(Map<String, Object> json) {
        super(json);
    }

    public List<String> getNameservers() {
        return strings("nameservers");
    }

    public List<PodDNSConfigOption> getOptions() {
        return list("options", PodDNSConfigOption::new);
    }

    public List<String> getSearches() {
        return strings("searches");
    }
}
