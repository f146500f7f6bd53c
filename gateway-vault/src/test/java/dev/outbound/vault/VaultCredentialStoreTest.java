package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.CredentialStore.CredentialConflictException;
import dev.outbound.gateway.spi.CredentialStore.CredentialStoreException;
import dev.outbound.gateway.spi.StoredCredential;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.vault.VaultEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Vault store through the real Spring Vault client against the testkit's KV v2 emulator. */
class VaultCredentialStoreTest {
    static final AccountKey ACME = AccountKey.of("salesforce", "acme");
    final FakeClock clock = new FakeClock();
    final VaultEmulator vault = VaultEmulator.builder().clock(clock).rootToken("root-token")
            .appRole("role-1", "secret-1").mount("kv").build();
    VaultConnection connection = VaultConnection.builder(vault.uri()).token("root-token").build();
    VaultCredentialStore store = VaultCredentialStore.builder(connection.operations()).build();

    @AfterEach
    void close() {
        connection.close();
        vault.close();
    }

    @Test
    void writesAndReadsEveryCredentialKindUnderTheAccountsPath() {
        List<Credential> kinds = List.of(
                new Credential.OAuth2Token("at", "rt", Instant.parse("2026-01-01T01:00:00Z"), "api refresh_token"),
                new Credential.ClientCredentials("cid", "csecret", "https://idp.example.com/token", "s", "", null),
                Credential.ApiKey.header("X-Api-Key", "k1"),
                new Credential.BasicAuth("isu", "pw"),
                new Credential.NetSuiteTba("1234567_SB1", "ck", "cs", "ti", "ts"),
                new Credential.ClientCertificate("-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----", "k"));
        long version = 0;
        for (Credential c : kinds) {
            StoredCredential written = store.write(ACME, c, version);
            assertThat(written.version()).isEqualTo(version + 1);
            version = written.version();
            assertThat(store.read(ACME)).hasValueSatisfying(s -> {
                assertThat(s.credential()).isEqualTo(c);
                assertThat(s.version()).isEqualTo(written.version());
                assertThat(s.updatedAt()).isEqualTo(clock.instant());
            });
        }
        assertThat(vault.data("secret", "outbound/salesforce/acme")).isPresent();
    }

    @Test
    void aStaleCheckAndSetIsAConflict() {
        store.write(ACME, Credential.ApiKey.header("X-Api-Key", "one"), 0);
        store.write(ACME, Credential.ApiKey.header("X-Api-Key", "two"), 1);

        assertThatThrownBy(() -> store.write(ACME, Credential.ApiKey.header("X-Api-Key", "three"), 1))
                .isInstanceOf(CredentialConflictException.class).hasMessageContaining("acme/salesforce")
                .hasMessageNotContaining("three");
        assertThatThrownBy(() -> store.write(AccountKey.of("crm", "new"), Credential.ApiKey.header("K", "v"), 5))
                .isInstanceOf(CredentialConflictException.class);
        assertThat(store.read(ACME).orElseThrow().credential()).isEqualTo(Credential.ApiKey.header("X-Api-Key", "two"));
    }

    @Test
    void anAbsentSecretReadsAsEmptyAndDeleteRemovesEveryVersion() {
        assertThat(store.read(AccountKey.of("crm", "nobody"))).isEmpty();
        assertThat(store.metadata(AccountKey.of("crm", "nobody"))).isEmpty();
        store.write(ACME, Credential.ApiKey.header("K", "v"), 0);

        assertThat(store.delete(ACME)).isTrue();
        assertThat(store.read(ACME)).isEmpty();
        assertThat(store.delete(ACME)).isFalse();
        assertThat(store.write(ACME, Credential.ApiKey.header("K", "v2"), 0).version()).isEqualTo(1);
    }

    @Test
    void metadataCarriesCreatedAndUpdatedTimesAndTheCurrentVersion() {
        Instant created = clock.instant();
        store.write(ACME, Credential.ApiKey.header("K", "v1"), 0);
        clock.advance(Duration.ofMinutes(7));
        store.write(ACME, Credential.ApiKey.header("K", "v2"), 1);

        VaultCredentialStore.SecretMetadata m = store.metadata(ACME).orElseThrow();
        assertThat(m.createdTime()).isEqualTo(created);
        assertThat(m.updatedTime()).isEqualTo(created.plus(Duration.ofMinutes(7)));
        assertThat(m.currentVersion()).isEqualTo(2);
    }

    @Test
    void aMountAndPrefixPlaceTheSecret() {
        VaultCredentialStore custom = VaultCredentialStore.builder(connection.operations()).mount("kv")
                .prefix("tenants/prod").build();
        custom.write(ACME, Credential.ApiKey.header("K", "v"), 0);

        assertThat(vault.data("kv", "tenants/prod/salesforce/acme")).isPresent();
        assertThat(custom.secretPath(ACME)).isEqualTo("tenants/prod/salesforce/acme");
        assertThatThrownBy(() -> VaultCredentialStore.builder(connection.operations()).prefix("a/../b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forbiddenAndSealedAreStoreErrorsWithoutSecrets() {
        store.write(ACME, Credential.ApiKey.header("X-Api-Key", "s3cr3t-key"), 0);
        vault.forbid("secret/data/outbound/salesforce/");
        assertThatThrownBy(() -> store.read(ACME)).isInstanceOf(CredentialStoreException.class)
                .isNotInstanceOf(CredentialConflictException.class).hasMessageContaining("403")
                .hasMessageNotContaining("s3cr3t-key");
        vault.allowAll();

        vault.seal();
        assertThatThrownBy(() -> store.write(ACME, Credential.ApiKey.header("X-Api-Key", "s3cr3t-2"), 1))
                .isInstanceOf(CredentialStoreException.class).hasMessageContaining("503")
                .hasMessageNotContaining("s3cr3t-2");
        vault.unseal();
        assertThat(store.read(ACME)).isPresent();
    }

    @Test
    void anUnknownTokenIsRefused() {
        try (VaultConnection wrong = VaultConnection.builder(vault.uri()).token("not-a-token").build()) {
            VaultCredentialStore s = VaultCredentialStore.builder(wrong.operations()).build();
            assertThatThrownBy(() -> s.read(ACME)).isInstanceOf(CredentialStoreException.class)
                    .hasMessageContaining("403");
        }
    }

    @Test
    void appRoleLoginIssuesATokenThatTheStoreUses() {
        try (VaultConnection approle = VaultConnection.builder(vault.uri()).appRole("role-1", "secret-1").build()) {
            VaultCredentialStore s = VaultCredentialStore.builder(approle.operations()).build();
            s.write(ACME, Credential.ApiKey.header("K", "v"), 0);

            assertThat(s.read(ACME)).isPresent();
            assertThat(vault.logins()).isEqualTo(1);
            assertThat(vault.requestCount("POST", "/v1/auth/approle/login")).isEqualTo(1);
        }
    }

    @Test
    void aWrongAppRoleSecretFailsTheFirstCall() {
        try (VaultConnection approle = VaultConnection.builder(vault.uri()).appRole("role-1", "wrong").build()) {
            VaultCredentialStore s = VaultCredentialStore.builder(approle.operations()).build();
            assertThatThrownBy(() -> s.read(ACME)).isInstanceOf(CredentialStoreException.class);
            assertThat(vault.logins()).isZero();
        }
    }
}
