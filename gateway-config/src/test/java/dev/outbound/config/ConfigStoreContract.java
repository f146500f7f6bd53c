package dev.outbound.config;

import dev.outbound.config.spi.ConfigStore;
import dev.outbound.gateway.AccountKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ConfigStore} backend must do; each backend's test extends this and says how to write, break and
 * delete a document in its own medium.
 */
abstract class ConfigStoreContract {

    static final ConfigKey ACME = ConfigKey.of("acme", "hubspot-deals");

    abstract ConfigStore store();

    /** Puts a document for {@code key} into the backend, bypassing validation (as an operator's editor would). */
    abstract void write(ConfigKey key, String document);

    abstract void delete(ConfigKey key);

    static String validDoc(String apiVersion) {
        return Json.doc("acme", "hubspot-deals", "\"apiVersion\": \"" + apiVersion + "\"");
    }

    @Test
    void loadsNewDocumentsOnRefresh() {
        write(ACME, validDoc("v3"));
        assertThat(store().find(ACME)).isEmpty();
        RefreshReport report = store().refresh();
        assertThat(report.loaded()).containsExactly(ACME);
        assertThat(store().find(ACME)).hasValueSatisfying(c -> assertThat(c.config().apiVersion()).contains("v3"));
        assertThat(store().refresh().isQuiet()).isTrue();
    }

    @Test
    void reloadsAChangedDocument() {
        write(ACME, validDoc("v3"));
        store().refresh();
        long before = store().find(ACME).orElseThrow().version();
        write(ACME, validDoc("v4"));
        assertThat(store().refresh().loaded()).containsExactly(ACME);
        LoadedConfig now = store().find(ACME).orElseThrow();
        assertThat(now.config().apiVersion()).contains("v4");
        assertThat(now.version()).isGreaterThan(before);
    }

    @Test
    void keepsTheLastValidVersionWhenADocumentBecomesInvalid() {
        write(ACME, validDoc("v3"));
        store().refresh();
        write(ACME, validDoc("v4").replace("\"direction\": \"inbound\"", "\"direction\": \"sideways\""));
        RefreshReport report = store().refresh();
        assertThat(report.loaded()).isEmpty();
        assertThat(report.rejected()).anySatisfy(p -> {
            assertThat(p.customer()).isEqualTo("acme");
            assertThat(p.path()).isEqualTo("$.direction");
        });
        assertThat(store().find(ACME)).hasValueSatisfying(c -> assertThat(c.config().apiVersion()).contains("v3"));
        // Reported once per change, not at every refresh.
        assertThat(store().refresh().isQuiet()).isTrue();

        write(ACME, validDoc("v5"));
        assertThat(store().refresh().loaded()).containsExactly(ACME);
        assertThat(store().find(ACME)).hasValueSatisfying(c -> assertThat(c.config().apiVersion()).contains("v5"));
    }

    @Test
    void removesADeletedDocument() {
        write(ACME, validDoc("v3"));
        store().refresh();
        delete(ACME);
        assertThat(store().refresh().removed()).containsExactly(ACME);
        assertThat(store().find(ACME)).isEmpty();
        assertThat(store().all()).isEmpty();
    }

    @Test
    void servesAsTheGatewaysAccountDirectory() {
        ConfigAccountDirectory directory = new ConfigAccountDirectory(store());
        AccountKey account = AccountKey.of("hubspot", "acme");
        assertThat(directory.settings(account).apiVersion()).isEmpty();
        write(ACME, validDoc("v3"));
        store().refresh();
        assertThat(directory.settings(account).apiVersion()).contains("v3");
        write(ACME, validDoc("v4"));
        store().refresh();
        assertThat(directory.settings(account).apiVersion()).contains("v4");
        assertThat(directory.settings(AccountKey.of("hubspot", "someone-else")).apiVersion()).isEmpty();
    }
}
