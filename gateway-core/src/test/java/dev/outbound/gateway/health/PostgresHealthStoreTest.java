package dev.outbound.gateway.health;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.gateway.spi.HealthStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The health store contract against the real PostgreSQL at 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}), in a table of its own that is dropped afterwards. Without a reachable server the test is
 * skipped with a message — unless {@code CI=true}, where it fails.
 */
class PostgresHealthStoreTest extends HealthStoreContract {
    private PGSimpleDataSource dataSource;
    private String table;
    private PostgresHealthStore store;

    @BeforeEach
    void createTable() {
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(System.getProperty("outbound.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"));
        dataSource.setUser("postgres");
        dataSource.setConnectTimeout(5);
        try (Connection c = dataSource.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + dataSource.getUrl() + " (" + e.getMessage()
                    + "); start it to run the PostgreSQL health store tests";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + " — CI=true, so this test may not be skipped", e);
            }
            Assumptions.abort(message);
        }
        table = "outbound_health_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        store = PostgresHealthStore.builder(dataSource).table(table).build();
        store.createTableIfMissing();
    }

    @AfterEach
    void dropTable() throws SQLException {
        if (table != null) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Override
    HealthStore store() {
        return store;
    }

    @Test
    void tableNamesThatCouldInjectSqlAreRefused() {
        assertThatThrownBy(() -> PostgresHealthStore.builder(dataSource).table("health; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table must be");
    }
}
