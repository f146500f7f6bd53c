package dev.outbound.config;

import dev.outbound.testkit.services.LocalServices;
import dev.outbound.testkit.services.PostgresEndpoint;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * PostgreSQL for the backend tests, found by the testkit's {@link LocalServices}: the machine's own service, else a
 * container when Docker is there, else a skip with a message — a failure under {@code CI=true}.
 */
public final class Postgres {

    private Postgres() {
    }

    public static DataSource dataSource() {
        PostgresEndpoint pg = LocalServices.requirePostgres();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(pg.jdbcUrl());
        ds.setUser(pg.username());
        ds.setPassword(pg.password());
        ds.setConnectTimeout(3);
        return ds;
    }

    /** A table name no other test run uses. */
    public static String uniqueTable(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    public static void drop(DataSource ds, String table) {
        execute(ds, "drop table if exists " + table);
    }

    public static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
