package dev.outbound.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.gateway.spi.StoredCredential;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialTest {

    @Test
    void noCredentialKindShowsItsSecretsInToString() {
        List<Credential> all = List.of(
                new Credential.OAuth2Token("S3CRET-access", "S3CRET-refresh", Instant.EPOCH, "api"),
                new Credential.ClientCredentials("client-1", "S3CRET-client", "https://login.example.com/token", "",
                        "S3CRET-access", Instant.EPOCH),
                Credential.ApiKey.header("X-Api-Key", "S3CRET-key"),
                Credential.ApiKey.query("api_key", "S3CRET-key"),
                new Credential.BasicAuth("isu_acme", "S3CRET-password"),
                new Credential.NetSuiteTba("1234567_SB1", "S3CRET-ck", "S3CRET-cs", "S3CRET-ti", "S3CRET-ts"),
                new Credential.ClientCertificate("-----BEGIN CERTIFICATE-----S3CRET", "S3CRET-key"));
        for (Credential c : all) {
            assertThat(c.toString()).as(c.kind()).doesNotContain("S3CRET").contains("***");
            assertThat(new StoredCredential(c, 1, Instant.EPOCH).toString()).doesNotContain("S3CRET");
        }
    }

    @Test
    void toStringKeepsWhatOnCallNeedsToSee() {
        assertThat(new Credential.BasicAuth("isu_acme", "pw").toString()).contains("isu_acme");
        assertThat(new Credential.OAuth2Token("a", "", Instant.parse("2026-01-01T00:00:00Z"), "").toString())
                .contains("2026-01-01T00:00:00Z").contains("refreshToken=none");
    }

    @Test
    void blankSecretsAreRefusedWithTheFieldName() {
        assertThatThrownBy(() -> Credential.ApiKey.header("X-Api-Key", " ")).hasMessage("key must not be blank");
        assertThatThrownBy(() -> new Credential.BasicAuth("a:b", "pw")).hasMessageContaining("must not contain ':'");
    }
}
