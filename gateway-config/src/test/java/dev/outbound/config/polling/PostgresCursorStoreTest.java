package dev.outbound.config.polling;

import dev.outbound.config.Postgres;
import dev.outbound.config.spi.CursorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresCursorStoreTest extends CursorStoreContract {

    private DataSource ds;
    private String table;
    private PostgresCursorStore store;

    @BeforeEach
    void setUp() {
        ds = Postgres.dataSource();
        table = Postgres.uniqueTable("cursor_test");
        store = PostgresCursorStore.builder(ds).table(table).build();
        store.createTableIfAbsent();
    }

    @AfterEach
    void tearDown() {
        if (ds != null) {
            Postgres.drop(ds, table);
        }
    }

    @Override
    CursorStore store() {
        return store;
    }

    @Override
    CursorStore reopened() {
        return PostgresCursorStore.builder(ds).table(table).build();
    }

    @Test
    void createTableIfAbsentRunsItsDdlAndKeepsExistingCursors() {
        assertThat(store.ddl()).startsWith("create table if not exists " + table + " (");
        assertThat(store.compareAndSet(KEY, Optional.empty(), FIRST)).isTrue();
        store.createTableIfAbsent();
        assertThat(store.load(KEY)).contains(FIRST);
    }

    @Test
    void refusesATableNameThatCouldCarrySql() {
        assertThatThrownBy(() -> PostgresCursorStore.builder(ds).table("Cursor\"; drop"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table");
    }
}
