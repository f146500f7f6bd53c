package dev.outbound.consumer.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.testkit.vault.VaultEmulator;
import dev.outbound.vault.VaultConnection;
import dev.outbound.vault.VaultCredentialStore;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.SpringVersion;
import org.springframework.vault.core.VaultTemplate;

/**
 * A Spring Boot 4 application whose only Outbound-related bean is Spring Vault's VaultTemplate (Spring Vault 4 on
 * Spring Framework 7): the starter builds the Vault credential store on it, and a call carries the credential.
 */
class VaultOnBoot4Test {

    @SpringBootApplication
    static class VaultApplication {
        @Bean(destroyMethod = "close")
        VaultConnection vaultConnection() {
            return VaultConnection.builder(EMULATOR.uri()).token("root-token").build();
        }

        @Bean
        VaultTemplate vaultTemplate(VaultConnection connection) {
            return connection.operations();
        }
    }

    static final VaultEmulator EMULATOR = VaultEmulator.builder().rootToken("root-token").build();

    @Test
    void theStarterBuildsTheVaultStoreOnTheApplicationsVaultTemplateOnSpringVault4() throws Exception {
        assertThat(SpringVersion.getVersion()).startsWith("7.");
        assertThat(VaultTemplate.class.getPackage().getImplementationVersion()).startsWith("4.");
        try (MockWebServer crm = new MockWebServer()) {
            crm.start();
            crm.enqueue(new MockResponse.Builder().code(200).body("pong").build());
            try (ConfigurableApplicationContext app = SpringApplication.run(VaultApplication.class,
                    "--server.port=0", "--outbound.providers.crm.base-url=" + crm.url("/api"))) {
                CredentialStore store = app.getBean(CredentialStore.class);
                assertThat(store).isInstanceOf(VaultCredentialStore.class);
                store.write(AccountKey.of("crm", "acme"), Credential.ApiKey.header("X-Api-Key", "vault-key-4"), 0);

                app.getBean(IntegrationGateway.class).client("crm", "acme").get("ping").execute();

                assertThat(crm.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("X-Api-Key"))
                        .isEqualTo("vault-key-4");
            }
        } finally {
            EMULATOR.close();
        }
    }
}
