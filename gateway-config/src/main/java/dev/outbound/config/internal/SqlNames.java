package dev.outbound.config.internal;

import java.util.regex.Pattern;

/**
 * Checks table names that are spliced into SQL. Identifiers cannot be bound as parameters, so the only safe way to
 * let a user choose a table is to accept a narrow shape and nothing else.
 */
public final class SqlNames {

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

    private SqlNames() {
    }

    /**
     * Returns {@code name} if it is {@code table} or {@code schema.table} in lower-case letters, digits and
     * underscores.
     */
    public static String requireTable(String name) {
        if (name == null || !TABLE.matcher(name).matches()) {
            throw new IllegalArgumentException("table must be [schema.]name in lower-case letters, digits and _, was "
                    + name);
        }
        return name;
    }
}
