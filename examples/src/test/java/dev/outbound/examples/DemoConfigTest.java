package dev.outbound.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.config.ConfigAccountDirectory;
import dev.outbound.config.ConfigKey;
import dev.outbound.config.ErrorPreference;
import dev.outbound.config.FileConfigStore;
import dev.outbound.config.LoadedConfig;
import dev.outbound.config.RefreshReport;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.sync.FailedRecord;
import dev.outbound.gateway.sync.SyncOutcome;
import dev.outbound.gateway.sync.SyncResult;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's configuration documents as an operator changes them: a broken edit is refused with what an operator
 * needs to fix it while the customer keeps syncing on the last valid version, and each document's error preference
 * decides what a sync does after a failed record.
 */
class DemoConfigTest {

    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock(SyncDemo.START);

    private FileConfigStore copyOfTheDemoConfig(String crmBaseUrl) throws IOException {
        DemoConfig.copyConfig(dir, Map.of("simulator.crm", crmBaseUrl, "simulator.erp", "http://127.0.0.1:9"));
        return DemoConfig.loadConfig(dir, clock);
    }

    @Test
    void anInvalidEditIsRejectedNamingCustomerFileAndPathWhileTheLastValidVersionStaysInForce() throws IOException {
        try (FileConfigStore store = copyOfTheDemoConfig("http://127.0.0.1:8")) {
            ConfigKey globex = ConfigKey.of("globex", "crm-contacts");
            LoadedConfig before = store.find(globex).orElseThrow();
            Path file = dir.resolve("crm/globex.yaml");
            Files.writeString(file, Files.readString(file).replace("onError: skip", "onError: ignore"));

            RefreshReport report = store.refresh();

            assertThat(report.loaded()).isEmpty();
            assertThat(report.rejected()).singleElement().satisfies(p -> {
                assertThat(p.customer()).isEqualTo("globex");
                assertThat(p.source()).isEqualTo(file.toString());
                assertThat(p.path()).isEqualTo("$.onError");
                assertThat(p.toString()).startsWith("customer globex, source " + file + ", at $.onError: ");
            });
            assertThat(store.find(globex)).containsSame(before);
            assertThat(store.find(globex).orElseThrow().config().onError()).isEqualTo(ErrorPreference.SKIP_AND_CONTINUE);
            assertThat(new ConfigAccountDirectory(store).settings(AccountKey.of("crm", "globex")).apiVersion())
                    .contains("v59.0");
        }
    }

    @Test
    void theDemoRefusesToStartWithARejectedDocumentAndSaysWhere() throws IOException {
        DemoConfig.copyConfig(dir,
                Map.of("simulator.crm", "http://127.0.0.1:8", "simulator.erp", "http://127.0.0.1:9"));
        Path file = dir.resolve("erp/acme.json");
        Files.writeString(file, Files.readString(file).replace("\"target\": \"documentNo\"",
                "\"target\": \"document..no\""));

        assertThatThrownBy(() -> DemoConfig.loadConfig(dir, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("customer acme, source " + file + ", at $.mappings[1].target");
    }

    @Test
    void aPlaceholderTheDemoDoesNotFillInIsRefusedNamingTheDocument() {
        assertThatThrownBy(() -> DemoConfig.copyConfig(dir, Map.of("simulator.crm", "http://127.0.0.1:8")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("demo-config/erp/").hasMessageContaining("${simulator.erp}");
    }

    @Test
    void eachDocumentsErrorPreferenceDecidesWhetherTheSyncGoesOnAfterAFailedRecord() throws IOException {
        try (SimulatedProvider crm = SimulatedProvider.start(); FileConfigStore store = copyOfTheDemoConfig(crm.baseUrl())) {
            LoadedConfig acme = store.find(ConfigKey.of("acme", "crm-contacts")).orElseThrow();
            LoadedConfig globex = store.find(ConfigKey.of("globex", "crm-contacts")).orElseThrow();
            assertThat(acme.config().onError()).isEqualTo(ErrorPreference.HALT);
            assertThat(globex.config().onError()).isEqualTo(ErrorPreference.SKIP_AND_CONTINUE);
            // Contact 7 has a revenue globex's currency mapping cannot read; the CRM rejects contact 5 for both.
            DemoSources.Source source = new DemoSources.Source(crm, "Id",
                    n -> n == 7 ? DemoSources.crmContact(n).put("AnnualRevenue", "n/a") : DemoSources.crmContact(n));
            for (LoadedConfig c : new LoadedConfig[]{acme, globex}) {
                String path = DemoConfig.sourcePath(c.config());
                DemoSources.script(source, path);
                crm.on("PUT", path + "/records/5").respond(Responses.json(400,
                        "[{\"errorCode\":\"FIELD_CUSTOM_VALIDATION_EXCEPTION\",\"message\":\"rejected\"}]"));
            }
            InMemoryCredentialStore credentials = new InMemoryCredentialStore(clock)
                    .put(AccountKey.of("crm", "acme"), Credential.OAuth2Token.bearer("t-acme", null))
                    .put(AccountKey.of("crm", "globex"), Credential.OAuth2Token.bearer("t-globex", null));
            SyncRuns syncs = SyncRuns.builder().clock(clock).build();
            try (IntegrationGateway gateway = IntegrationGateway.builder()
                    .provider(GenericRestAdapter.builder("crm").baseUrl(crm.baseUrl())
                            .apiVersion(SyncDemo.CRM_VERSION, GenericRestAdapter.VersionPlacement.PATH).build())
                    .accountDirectory(new ConfigAccountDirectory(store))
                    .credentialStore(credentials)
                    .clock(clock)
                    .build()) {
                SyncResult halted = RecordSync.sync(syncs, gateway.client("crm", "acme"), acme, "Id", clock);
                SyncResult skipped = RecordSync.sync(syncs, gateway.client("crm", "globex"), globex, "Id", clock);

                assertThat(halted.outcome()).isEqualTo(SyncOutcome.FAILED);
                assertThat(halted.succeeded()).isEqualTo(4);
                assertThat(halted.failures()).extracting(FailedRecord::recordId).containsExactly("5");
                assertThat(halted.stopReason()).startsWith("halted on the first failed record (5)");
                assertThat(halted.notAttempted()).isEqualTo(295);
                assertThat(crm.requestCount("PUT", "/tenants/acme/v58.0/records/.*")).isEqualTo(5);
                assertThat(crm.requestCount("GET", "/tenants/acme/v58.0/records")).isEqualTo(1);

                assertThat(skipped.outcome()).isEqualTo(SyncOutcome.PARTIAL);
                assertThat(skipped.succeeded()).isEqualTo(298);
                assertThat(skipped.failures()).extracting(FailedRecord::recordId).containsExactly("5", "7");
                assertThat(skipped.failures().get(1).envelope()).satisfies(e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
                    assertThat(e.reason()).isEqualTo("mapping_failed");
                    assertThat(e.message()).contains("revenueEur").doesNotContain("n/a");
                });
                // A record that could not be mapped is never sent.
                assertThat(crm.requestCount("PUT", "/tenants/globex/v59.0/records/7")).isZero();
                assertThat(crm.requestCount("PUT", "/tenants/globex/v59.0/records/.*")).isEqualTo(299);
            }
        }
    }
}
