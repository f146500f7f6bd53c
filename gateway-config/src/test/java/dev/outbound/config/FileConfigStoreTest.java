package dev.outbound.config;

import dev.outbound.config.spi.ConfigStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FileConfigStoreTest extends ConfigStoreContract {

    @TempDir
    Path dir;
    private FileConfigStore store;

    @BeforeEach
    void setUp() {
        store = FileConfigStore.builder().directory(dir).build();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Override
    ConfigStore store() {
        return store;
    }

    private Path file(ConfigKey key) {
        return dir.resolve(key.customerId()).resolve(key.integration() + ".json");
    }

    @Override
    void write(ConfigKey key, String document) {
        try {
            Files.createDirectories(file(key).getParent());
            Files.writeString(file(key), document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    void delete(ConfigKey key) {
        try {
            Files.delete(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsJsonAndYamlAndIgnoresOtherFiles() throws IOException {
        Files.writeString(dir.resolve("acme.json"), Json.resource("acme-salesforce-contacts.json"));
        Files.writeString(dir.resolve("globex.yml"), Json.resource("globex-salesforce-contacts.yaml"));
        Files.writeString(dir.resolve("notes.txt"), "not a config");
        Files.writeString(dir.resolve(".hidden.json"), "{");
        Files.writeString(dir.resolve("acme.json~"), "{");
        RefreshReport report = store.refresh();
        assertThat(report.rejected()).isEmpty();
        assertThat(store.all()).extracting(c -> c.key().customerId()).containsExactly("acme", "globex");
    }

    @Test
    void refusesASecondFileForTheSameCustomerAndIntegration() throws IOException {
        Files.writeString(dir.resolve("a.json"), validDoc("v1"));
        Files.writeString(dir.resolve("b.json"), validDoc("v2"));
        RefreshReport report = store.refresh();
        assertThat(report.loaded()).containsExactly(ACME);
        assertThat(report.rejected()).singleElement().satisfies(p -> {
            assertThat(p.source()).endsWith("b.json");
            assertThat(p.message()).contains("already defined by").contains("a.json");
        });
        assertThat(store.find(ACME)).hasValueSatisfying(c -> assertThat(c.config().apiVersion()).contains("v1"));
    }

    @Test
    void keepsEverythingWhenTheDirectoryDisappears() throws IOException {
        write(ACME, validDoc("v3"));
        store.refresh();
        delete(ACME);
        Files.delete(file(ACME).getParent());
        Files.delete(dir);
        RefreshReport report = store.refresh();
        assertThat(report.rejected()).singleElement().satisfies(p -> assertThat(p.message()).contains("stays as it was"));
        assertThat(store.find(ACME)).isPresent();
        Files.createDirectories(dir);
    }

    @Test
    void theSnapshotIsTheSameInstanceUntilSomethingChanges() {
        write(ACME, validDoc("v3"));
        store.refresh();
        var first = store.all();
        store.refresh();
        assertThat(store.all()).isSameAs(first);
        write(ACME, validDoc("v4"));
        store.refresh();
        assertThat(store.all()).isNotSameAs(first);
    }
}
