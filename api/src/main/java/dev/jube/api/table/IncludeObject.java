package dev.jube.api.table;

/**
 * The {@code includeObject} table option: what each row carries besides its cells.
 */
public enum IncludeObject {
    /** No object: the row's "object" is JSON null. */
    NONE("None"),
    /** A meta.k8s.io PartialObjectMetadata holding the object's metadata; the default, and what kubectl asks for. */
    METADATA("Metadata"),
    /** The whole object, in the version requested. kubectl asks for this with --sort-by. */
    OBJECT("Object");

    private final String wireName;

    IncludeObject(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in the query string. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses the query parameter value; absent or empty means {@link #METADATA}, as upstream.
     *
     * @throws IllegalArgumentException for any other value, with the message upstream puts in
     *         its 400 Bad Request Status
     */
    public static IncludeObject parse(String value) {
        if (value == null || value.isEmpty()) {
            return METADATA;
        }
        for (IncludeObject mode : values()) {
            if (mode.wireName.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unable to convert to Table as requested: includeObject: "
                + "Invalid value: \"" + value + "\": must be 'Metadata', 'Object', 'None', or empty");
    }
}
