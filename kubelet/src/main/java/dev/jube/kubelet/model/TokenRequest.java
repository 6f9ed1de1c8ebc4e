package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code TokenRequest}, as a view of its JSON (see {@link JsonView}). */
public final class TokenRequest extends JsonView {

    public TokenRequest() {}

    public TokenRequest(Map<String, Object> json) {
        super(json);
    }

    public TokenRequest withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public TokenRequest withKind(String value) {
        put("kind", value);
        return this;
    }

    public TokenRequest withSpec(TokenRequestSpec value) {
        put("spec", value);
        return this;
    }

    public TokenRequestStatus getStatus() {
        return obj("status", TokenRequestStatus::new);
    }
}
