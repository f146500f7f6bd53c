package dev.outbound.config;

import dev.outbound.config.spi.ConfigStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresConfigStoreTest extends ConfigStoreContract {

    private DataSource ds;
    private String table;
    private PostgresConfigStore store;

    @BeforeEach
    void setUp() {
        ds = Postgres.dataSource();
        table = Postgres.uniqueTable("cfg_test");
        store = PostgresConfigStore.builder(ds).table(table).build();
        store.createTableIfAbsent();
    }

    @AfterEach
    void tearDown() {
        if (ds != null) {
            Postgres.drop(ds, table);
        }
    }

    @Override
    ConfigStore store() {
        return store;
    }

    /** Writes the row with plain SQL, as an operator could, so that invalid documents reach the table. */
    @Override
    void write(ConfigKey key, String document) {
        String sql = "insert into " + table + " as t values (?, ?, ?::jsonb, 1, now()) on conflict (customer, integration)"
                + " do update set document = excluded.document, version = t.version + 1, updated_at = now()";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key.customerId());
            ps.setString(2, key.integration());
            ps.setString(3, document);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    void delete(ConfigKey key) {
        assertThat(store.delete(key)).isTrue();
    }

    @Test
    void publishValidatesBeforeWritingAndCountsVersions() {
        assertThat(store.publish(validDoc("v1"))).isEqualTo(1);
        assertThat(store.publish(Json.resource("globex-salesforce-contacts.yaml"), ConfigLoader.Format.YAML)).isEqualTo(1);
        assertThat(store.publish(validDoc("v2"))).isEqualTo(2);
        assertThatThrownBy(() -> store.publish(validDoc("v3").replace("PT10M", "ten minutes")))
                .isInstanceOf(ConfigValidationException.class).hasMessageContaining("$.schedule.every");
        store.refresh();
        assertThat(store.find(ACME)).hasValueSatisfying(c -> {
            assertThat(c.version()).isEqualTo(2);
            assertThat(c.config().apiVersion()).contains("v2");
            assertThat(c.source()).isEqualTo(table + "/acme/hubspot-deals@v2");
        });
        assertThat(store.find(ConfigKey.of("globex", "salesforce-contacts"))).isPresent();
    }

    @Test
    void rejectsARowWhoseDocumentIsForAnotherKey() {
        write(ConfigKey.of("acme", "other"), validDoc("v1"));
        RefreshReport report = store.refresh();
        assertThat(report.rejected()).singleElement().satisfies(p -> assertThat(p.message()).contains("expected acme/other"));
        assertThat(store.all()).isEmpty();
    }

    @Test
    void twoNodesSeeTheSameConfiguration() {
        PostgresConfigStore other = PostgresConfigStore.builder(ds).table(table).build();
        store.publish(validDoc("v7"));
        store.refresh();
        other.refresh();
        assertThat(other.find(ACME).orElseThrow().config()).isEqualTo(store.find(ACME).orElseThrow().config());
    }

    @Test
    void createTableIfAbsentRunsItsDdlAndCanRunAgain() {
        assertThat(store.ddl()).startsWith("create table if not exists " + table + " (");
        store.createTableIfAbsent();
        store.publish(validDoc("v1"));
        store.createTableIfAbsent();
        store.refresh();
        assertThat(store.find(ACME)).isPresent();
    }

    @Test
    void refusesATableNameThatCouldCarrySql() {
        assertThatThrownBy(() -> PostgresConfigStore.builder(ds).table("cfg; drop table x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table");
        assertThat(PostgresConfigStore.builder(ds).table("public.cfg_ok").build().ddl()).contains("public.cfg_ok");
    }
}
