package dev.jube.api.table;

/** A table could not be built: a cell function failed, or a printer-column JSONPath is invalid. */
public class TableException extends IllegalArgumentException {

    public TableException(String message) {
        super(message);
    }

    public TableException(String message, Throwable cause) {
        super(message, cause);
    }
}
