package dev.outbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.outbound.testkit.services.LocalServices;
import dev.outbound.testkit.services.PostgresEndpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The project's PostgreSQL backend convention on the rate-limit backend: {@code builder(dataSource)},
 * {@code createTableIfAbsent()}, {@code ddl()} and the one table-name rule. Each test uses its own tables.
 */
class PostgresRateLimitBackendTest {
    private final String tables = "rl_ddl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private HikariDataSource dataSource;

    @BeforeEach
    void connect() {
        PostgresEndpoint postgres = LocalServices.requirePostgres();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.username());
        if (!postgres.password().isEmpty()) {
            config.setPassword(postgres.password());
        }
        config.setMaximumPoolSize(2);
        config.setPoolName("ratelimit-ddl-test");
        dataSource = new HikariDataSource(config);
    }

    @AfterEach
    void dropTables() throws Exception {
        if (dataSource == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + tables + "_bucket, " + tables + "_lease, " + tables + "_pause");
        } finally {
            dataSource.close();
        }
    }

    @Test
    void createTableIfAbsentCreatesTheThreeTablesAndCanRunAgain() throws Exception {
        PostgresRateLimitBackend backend = PostgresRateLimitBackend.builder(dataSource).tablePrefix(tables).build();
        assertThat(existingTables()).isEmpty();

        backend.createTableIfAbsent();
        backend.createTableIfAbsent();

        assertThat(existingTables()).containsExactlyInAnyOrder(tables + "_bucket", tables + "_lease",
                tables + "_pause");
    }

    @Test
    void ddlIsTheTextCreateTableIfAbsentRunsForThisBackendsPrefix() throws Exception {
        PostgresRateLimitBackend backend = PostgresRateLimitBackend.builder(dataSource).tablePrefix(tables).build();

        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String statement : backend.ddl().split("\n")) {
                st.execute(statement);
            }
        }

        assertThat(backend.ddl().lines()).hasSize(3).allSatisfy(line -> assertThat(line)
                .startsWith("CREATE TABLE IF NOT EXISTS " + tables + "_"));
        assertThat(existingTables()).hasSize(3);
    }

    @Test
    void tablePrefixesFollowTheOneTableNameRule() {
        PostgresRateLimitBackend.Builder builder = PostgresRateLimitBackend.builder(dataSource);

        assertThat(builder.tablePrefix("audit.outbound_rl").build().tablePrefix()).isEqualTo("audit.outbound_rl");
        assertThat(builder.tablePrefix("p".repeat(56)).build().tablePrefix()).hasSize(56);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.tablePrefix("Outbound"));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.tablePrefix("rl; DROP TABLE x"));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.tablePrefix("a.b.c"));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.tablePrefix(".rl"));
        // 57 + "_bucket" is 64 characters: PostgreSQL would cut it to 63 and two prefixes could share a table.
        assertThatIllegalArgumentException().isThrownBy(() -> builder.tablePrefix("p".repeat(57)));
    }

    private List<String> existingTables() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_name LIKE '"
                     + tables + "\\_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
