package dev.jube.apiserver.admission;

import java.util.List;

/** The admission plugins in their fixed order. Empty for now: every write is admitted. */
public record AdmissionChain(List<AdmissionPlugin> plugins) {

    public AdmissionChain {
        plugins = List.copyOf(plugins);
    }

    public static AdmissionChain empty() {
        return new AdmissionChain(List.of());
    }

    public void admit(AdmissionRequest request) {
        for (AdmissionPlugin p : plugins) {
            p.admit(request);
        }
    }
}
