package dev.outbound.vault;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The local Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, database test, user postgres) of the development
 * and CI machines. Unreachable: the test is skipped with a message, unless {@code CI=true}, where it fails.
 */
final class Backends {
    private Backends() {
    }

    static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static RedisClient redis() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(6379)
                .withTimeout(Duration.ofSeconds(5)).build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().ping();
            return client;
        } catch (RuntimeException e) {
            client.shutdown();
            unreachable("Redis at 127.0.0.1:6379", e);
            return null;
        }
    }

    static DataSource postgres() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {5432});
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(5);
        try (Connection c = ds.getConnection()) {
            c.isValid(5);
            return ds;
        } catch (Exception e) {
            unreachable("PostgreSQL at 127.0.0.1:5432 (database test, user postgres)", e);
            return null;
        }
    }

    static void dropTable(DataSource ds, String table) {
        try (Connection c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unreachable(String what, Exception e) {
        String message = what + " is not reachable (" + e.getClass().getSimpleName() + "); start it to run this test";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message + " — CI=true, so this is a failure, not a skip", e);
        }
        Assumptions.abort(message);
    }
}
