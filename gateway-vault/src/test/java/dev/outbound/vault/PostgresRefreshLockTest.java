package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.gateway.spi.RefreshLock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lock contract against the local PostgreSQL, in a table of its own. */
class PostgresRefreshLockTest extends RefreshLockContract {
    DataSource ds;
    String table;
    PostgresRefreshLock lockA;
    PostgresRefreshLock lockB;

    @BeforeEach
    void connect() {
        ds = Backends.postgres();
        table = "outbound_lock_test_" + Backends.suffix();
        lockA = PostgresRefreshLock.builder(ds).table(table).pollInterval(Duration.ofMillis(5)).build();
        lockB = PostgresRefreshLock.builder(ds).table(table).pollInterval(Duration.ofMillis(5)).build();
        lockA.createTableIfAbsent();
    }

    @AfterEach
    void cleanUp() {
        if (ds != null) {
            Backends.dropTable(ds, table);
        }
    }

    @Override
    RefreshLock lock() {
        return lockA;
    }

    @Override
    RefreshLock otherNode() {
        return lockB;
    }

    @Override
    void letExpire(Duration ttl) {
        // PostgreSQL's clock_timestamp() moves in real time; the next acquire waits for it (bounded).
    }

    @Test
    void creatingTheTableTwiceIsHarmlessAndTheDdlIsWhatRuns() {
        lockB.createTableIfAbsent();

        assertThat(lockA.ddl()).startsWith("CREATE TABLE IF NOT EXISTS " + table + " (");
        assertThatThrownBy(() -> PostgresRefreshLock.builder(ds).table("locks; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
