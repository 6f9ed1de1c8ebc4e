package dev.jube.apiserver.admission;

/** One admission step (namespace lifecycle, quota, webhooks, ...), run in the chain's order. */
@FunctionalInterface
public interface AdmissionPlugin {

    void admit(AdmissionRequest request);
}
