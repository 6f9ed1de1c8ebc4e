package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code TokenRequestStatus}, as a view of its JSON (see {@link JsonView}). */
public final class TokenRequestStatus extends JsonView {

    public TokenRequestStatus() {}

    public TokenRequestStatus(Map<String, Object> json) {
        super(json);
    }

    public String getToken() {
        return str("token");
    }
}
