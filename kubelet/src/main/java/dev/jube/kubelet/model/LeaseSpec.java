package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code LeaseSpec}, as a view of its JSON (see {@link JsonView}). */
public final class LeaseSpec extends JsonView {

    public LeaseSpec() {}

    public LeaseSpec(Map<String, Object> json) {
        super(json);
    }

    public String getHolderIdentity() {
        return str("holderIdentity");
    }

    public void setHolderIdentity(String value) {
        put("holderIdentity", value);
    }

    public LeaseSpec withHolderIdentity(String value) {
        put("holderIdentity", value);
        return this;
    }

    public Integer getLeaseDurationSeconds() {
        return integer("leaseDurationSeconds");
    }

    public LeaseSpec withLeaseDurationSeconds(Integer value) {
        put("leaseDurationSeconds", value);
        return this;
    }

    public String getRenewTime() {
        return str("renewTime");
    }

    public void setRenewTime(String value) {
        put("renewTime", value);
    }

    public LeaseSpec withRenewTime(String value) {
        put("renewTime", value);
        return this;
    }
}
