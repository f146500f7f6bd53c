package dev.outbound.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.sync.SyncRun;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import dev.outbound.testkit.vault.VaultEmulator;
import dev.outbound.vault.VaultConnection;
import dev.outbound.vault.VaultCredentialStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.SpringVersion;
import org.springframework.vault.core.VaultTemplate;

/**
 * gateway-core and gateway-vault in a plain application whose versions come from the Spring Boot 3.5 BOM: the
 * regression for the NoSuchMethodErrors of MeterRegistry.timer(String, Tags) (Micrometer 1.16 only) and of
 * RestTemplate(Iterable) (Spring Vault 4 on Spring Framework 6).
 */
class PlainConsumerOnBoot35Test {
    static final AccountKey ACME = AccountKey.of("crm", "acme");
    final VaultEmulator vault = VaultEmulator.builder().rootToken("root-token").build();
    final VaultConnection connection = VaultConnection.builder(vault.uri()).token("root-token").build();
    final SimulatedProvider crm = SimulatedProvider.start();
    final MeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        connection.close();
        vault.close();
        crm.close();
    }

    @Test
    void runsOnTheSpringBoot35Line() {
        assertThat(MeterRegistry.class.getPackage().getImplementationVersion()).startsWith("1.15.");
        assertThat(SpringVersion.getVersion()).startsWith("6.2.");
        assertThat(VaultTemplate.class.getPackage().getImplementationVersion()).startsWith("3.");
    }

    @Test
    void aCallWithACredentialFromVaultAndItsMetersWorkOnMicrometer115AndSpringVault3() {
        VaultCredentialStore store = VaultCredentialStore.builder(connection.operations()).build();
        store.write(ACME, Credential.ApiKey.header("X-Api-Key", "plain-key-1"), 0);
        crm.on("GET", "/api/ping").whenHeader("X-Api-Key", "plain-key-1").respond(Responses.text(200, "pong"));

        try (IntegrationGateway gateway = IntegrationGateway.builder().credentialStore(store).meterRegistry(meters)
                .provider(GenericRestAdapter.builder("crm").baseUrl(crm.baseUrl() + "/api").build()).build()) {
            assertThat(gateway.client("crm", "acme").get("ping").execute().bodyAsString()).isEqualTo("pong");
        }

        assertThat(meters.find("outbound.calls").tag("outcome", "success").timer()).isNotNull()
                .satisfies(t -> assertThat(t.count()).isEqualTo(1));
    }

    @Test
    void aSyncRunRecordsItsMetersOnMicrometer115() {
        SyncRuns runs = SyncRuns.builder().meterRegistry(meters).build();
        try (SyncRun run = runs.start(ACME, "contacts")) {
            run.succeeded();
            run.complete();
        }

        assertThat(meters.find("outbound.sync.records").tag("result", "processed").counter().count()).isEqualTo(1);
        assertThat(meters.find("outbound.sync.runs").counter().count()).isEqualTo(1);
    }
}
