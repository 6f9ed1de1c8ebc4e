package dev.jube.kubelet.model;

/** A field that holds a number or a name, such as a probe's port. */
public record IntOrString(Object value) {

    public IntOrString(int value) {
        this((Object) (long) value);
    }

    public IntOrString(String value) {
        this((Object) value);
    }

    public Integer getIntVal() {
        return value instanceof Number n ? n.intValue() : null;
    }

    public String getStrVal() {
        return value instanceof Number ? null : value.toString();
    }
}
