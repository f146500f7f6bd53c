package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.CredentialStore.CredentialConflictException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.vault.VaultContainer;

/** The Vault store against a real Vault server in a container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class VaultContainerTest {
    @Container
    static final VaultContainer<?> VAULT = new VaultContainer<>("hashicorp/vault:1.17").withVaultToken("root");

    @Test
    void writesWithCheckAndSetAndReadsBackOnARealVault() {
        try (VaultConnection c = VaultConnection.builder(URI.create(VAULT.getHttpHostAddress())).token("root")
                .build()) {
            VaultCredentialStore store = VaultCredentialStore.builder(c.operations()).build();
            AccountKey account = AccountKey.of("crm", "acme");
            store.write(account, Credential.ApiKey.header("X-Api-Key", "one"), 0);

            assertThat(store.read(account).orElseThrow().version()).isEqualTo(1);
            assertThatThrownBy(() -> store.write(account, Credential.ApiKey.header("X-Api-Key", "two"), 0))
                    .isInstanceOf(CredentialConflictException.class);
            assertThat(store.metadata(account).orElseThrow().currentVersion()).isEqualTo(1);
        }
    }
}
