package dev.outbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.outbound.errors.Reasons;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import dev.outbound.testkit.services.LocalServices;
import dev.outbound.testkit.services.PostgresEndpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compatibility suite on a real PostgreSQL through a HikariCP pool: the local one at 127.0.0.1:5432 (database
 * {@code test}, user {@code postgres}, trust auth), else a container (see {@link LocalServices}). Each test uses its own tables, dropped afterwards.
 */
class PostgresRateLimiterTest extends RateLimiterCompatibilityTest {
    private final String tables = "rl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private HikariDataSource dataSource;
    private boolean created;

    @BeforeEach
    void connect() {
        PostgresEndpoint postgres = LocalServices.requirePostgres();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.username());
        if (!postgres.password().isEmpty()) {
            config.setPassword(postgres.password());
        }
        config.setMaximumPoolSize(8);
        config.setPoolName("ratelimit-test");
        dataSource = new HikariDataSource(config);
    }

    @Override
    protected RateLimitBackend newNode(Clock clock) {
        PostgresRateLimitBackend node = PostgresRateLimitBackend.builder(dataSource).tablePrefix(tables)
                .clock(clock).build();
        if (!created) {
            node.createTableIfAbsent();
            created = true;
        }
        return node;
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
    void expiredRowsAreDeletedSoIdleAccountsLeaveNothingBehind() throws Exception {
        BucketRateLimiter limiter = limiter(perProvider(tokens(5, Duration.ofSeconds(10)).toBuilder()
                .maxConcurrent(2).build()));
        PostgresRateLimitBackend backend = (PostgresRateLimitBackend) limiter.backend();
        limiter.acquire(request(ACME, Duration.ofSeconds(5)));
        limiter.onProviderRateLimit(GLOBEX, tooManyRequests(Duration.ofSeconds(3), Reasons.HTTP_STATUS));
        assertThat(rows("_bucket")).isEqualTo(1);
        assertThat(rows("_lease")).isEqualTo(1);
        assertThat(rows("_pause")).isEqualTo(1);
        // Bucket4j stamps bucket rows from the system clock: 10 s to refill plus the default minute kept after.
        long before = System.currentTimeMillis();
        assertThat(bucketExpiresAt()).isBetween(before, before + Duration.ofSeconds(75).toMillis());

        clock.advance(Duration.ofHours(1));

        assertThat(backend.removeExpired(100)).isEqualTo(2);
        assertThat(rows("_lease") + rows("_pause")).isZero();
    }

    private long bucketExpiresAt() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT expires_at FROM " + tables + "_bucket")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int rows(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + tables + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
