package dev.outbound.config.polling;

import dev.outbound.config.Postgres;
import dev.outbound.config.spi.CursorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;

class PostgresCursorStoreTest extends CursorStoreContract {

    private DataSource ds;
    private String table;
    private PostgresCursorStore store;

    @BeforeEach
    void setUp() {
        ds = Postgres.dataSource();
        table = Postgres.uniqueTable("cursor_test");
        store = PostgresCursorStore.builder().dataSource(ds).table(table).build();
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
        return PostgresCursorStore.builder().dataSource(ds).table(table).build();
    }
}
