package dev.jube.api.apply;

import java.time.Clock;
import java.util.Objects;

/**
 * Per-request settings of field tracking.
 *
 * @param subresource   the subresource written through ("status", "scale"), or "" for the object;
 *                      entries are kept per subresource, and writes through a subresource ignore
 *                      any managedFields the request carries
 * @param ignoredFields fields this endpoint resets and nobody may own through it (upstream's
 *                      reset fields: e.g. {@code .status} for the main resource of kinds with a
 *                      status subresource)
 * @param clock         the source of entry times
 */
public record FieldManagerOptions(String subresource, FieldSet ignoredFields, Clock clock) {

    public static final FieldManagerOptions DEFAULT = new FieldManagerOptions("", FieldSet.empty(), Clock.systemUTC());

    public FieldManagerOptions {
        subresource = subresource == null ? "" : subresource;
        ignoredFields = ignoredFields == null ? FieldSet.empty() : ignoredFields;
        Objects.requireNonNull(clock, "clock");
    }

    public FieldManagerOptions withSubresource(String value) {
        return new FieldManagerOptions(value, ignoredFields, clock);
    }

    public FieldManagerOptions withIgnoredFields(FieldSet value) {
        return new FieldManagerOptions(subresource, value, clock);
    }

    public FieldManagerOptions withClock(Clock value) {
        return new FieldManagerOptions(subresource, ignoredFields, value);
    }
}
