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

    public String getKind() {
        return str("kind");
    }

    public TokenRequest withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public void setMetadata(ObjectMeta value) {
        put("metadata", value);
    }

    public TokenRequest withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }

    public TokenRequestSpec getSpec() {
        return obj("spec", TokenRequestSpec::new);
    }

    public void setSpec(TokenRequestSpec value) {
        put("spec", value);
    }

    public TokenRequest withSpec(TokenRequestSpec value) {
        put("spec", value);
        return this;
    }

    public TokenRequestStatus getStatus() {
        return obj("status", TokenRequestStatus::new);
    }

    public void setStatus(TokenRequestStatus value) {
        put("status", value);
    }

    public TokenRequest withStatus(TokenRequestStatus value) {
        put("status", value);
        return this;
    }
}
