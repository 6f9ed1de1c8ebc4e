package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code LeaseSpec}, as a view of its JSON (see {@link JsonView}). */
public final class LeaseSpec extends JsonView {

    public LeaseSpec() {}

    public LeaseSpec(Map<String, Object> json) {
        super(json);
    }

    public LeaseSpec withHolderIdentity(String value) {
        put("holderIdentity", value);
        return this;
    }

    public LeaseSpec withLeaseDurationSeconds(Integer value) {
        put("leaseDurationSeconds", value);
        return this;
    }

    public LeaseSpec withRenewTime(String value) {
        put("renewTime", value);
        return this;
    }
}
