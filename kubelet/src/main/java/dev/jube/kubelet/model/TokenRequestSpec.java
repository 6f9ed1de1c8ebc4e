package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code TokenRequestSpec}, as a view of its JSON (see {@link JsonView}). */
public final class TokenRequestSpec extends JsonView {

    public TokenRequestSpec() {}

    public TokenRequestSpec(Map<String, Object> json) {
        super(json);
    }

    public TokenRequestSpec withAudiences(List<String> value) {
        put("audiences", value);
        return this;
    }

    public TokenRequestSpec withBoundObjectRef(BoundObjectReference value) {
        put("boundObjectRef", value);
        return this;
    }

    public TokenRequestSpec withExpirationSeconds(Long value) {
        put("expirationSeconds", value);
        return this;
    }
}
