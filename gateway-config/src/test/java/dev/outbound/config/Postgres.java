package dev.outbound.config;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL every development and CI machine runs on 127.0.0.1:5432 (database {@code test}, trust auth). Where it
 * is absent, tests are skipped with a message, except under {@code CI=true}, where its absence is a failure.
 */
public final class Postgres {

    private Postgres() {
    }

    public static DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {System.getenv().getOrDefault("PGHOST", "127.0.0.1")});
        ds.setPortNumbers(new int[] {5432});
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(3);
        try (Connection c = ds.getConnection()) {
            return ds;
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required when CI=true", e);
            }
            Assumptions.abort("PostgreSQL on 127.0.0.1:5432 (db test, user postgres) is not reachable, so this "
                    + "backend test is skipped; start it or run with CI=true to make this a failure: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
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
