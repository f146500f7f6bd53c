package dev.outbound.testkit.services;

import java.util.Objects;

/**
 * Where a test's PostgreSQL is and how to log in: the local one (trust auth, database {@code test}) or a container
 * started for the test run. Immutable; {@link #toString()} never shows the password.
 *
 * @param host the host to connect to
 * @param port the port to connect to
 * @param database the database to use
 * @param username the user to log in as
 * @param password the password; empty under trust auth
 * @param source whether it is the machine's own service or a container
 */
public record PostgresEndpoint(String host, int port, String database, String username, String password,
                               ServiceSource source) {
    public PostgresEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(source, "source");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [1, 65535], was " + port);
        }
    }

    /** A JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[" + jdbcUrl() + ", user=" + username + ", " + source + "]";
    }
}
