package dev.jube.kubelet.probes;

/** One probe's verdict and, when it failed, what the event says. */
record ProbeResult(boolean success, String output) {

    static ProbeResult ok() {
        return new ProbeResult(true, "");
    }

    static ProbeResult failed(String output) {
        return new ProbeResult(false, output);
    }
}
