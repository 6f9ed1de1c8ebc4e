package dev.jube.api.table;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The table upstream serves for resources without a printer of their own (roles, cluster roles,
 * limit ranges, CustomResourceDefinitions, ...): NAME and CREATED AT, the latter an RFC3339 UTC
 * timestamp with whole seconds.
 */
public final class DefaultTable {

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX")
            .withZone(ZoneOffset.UTC);
    private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final TableDefinition DEFINITION = TableDefinition.of(
            TableColumn.nameColumn(),
            new TableColumn("Created At", "date", "", TableColumn.AGE_DESCRIPTION, 0,
                    (o, now) -> {
                        var created = Fields.time(o, "metadata", "creationTimestamp");
                        return created == null ? GO_ZERO_TIME : RFC3339.format(created.truncatedTo(ChronoUnit.SECONDS));
                    }));

    private DefaultTable() {
    }

    public static TableDefinition definition() {
        return DEFINITION;
    }
}
