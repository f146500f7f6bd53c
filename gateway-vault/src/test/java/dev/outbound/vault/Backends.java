package dev.outbound.vault;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import dev.outbound.testkit.services.LocalServices;
import dev.outbound.testkit.services.PostgresEndpoint;
import dev.outbound.testkit.services.RedisEndpoint;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Redis and PostgreSQL for the backend tests, found by the testkit's {@link LocalServices}: the machine's own services,
 * else containers when Docker is there, else a skip with a message — a failure under {@code CI=true}.
 */
final class Backends {
    private Backends() {
    }

    static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static RedisClient redis() {
        RedisEndpoint redis = LocalServices.requireRedis();
        return RedisClient.create(RedisURI.builder().withHost(redis.host()).withPort(redis.port())
                .withTimeout(Duration.ofSeconds(5)).build());
    }

    static DataSource postgres() {
        PostgresEndpoint pg = LocalServices.requirePostgres();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(pg.jdbcUrl());
        ds.setUser(pg.username());
        ds.setPassword(pg.password());
        ds.setConnectTimeout(5);
        return ds;
    }

    static void dropTable(DataSource ds, String table) {
        try (Connection c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
