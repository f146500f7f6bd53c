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

    @Test
    void aSecretWithAControlOrNonAsciiCharacterIsRefusedNamingTheFieldNeverTheValue() {
        String secret = "S3CRET-k\u00e9y";
        List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> bad = List.of(
                () -> Credential.ApiKey.header("X-Api-Key", secret),
                () -> Credential.ApiKey.header("X-Api-Key", "S3CRET\r\nX-Evil: 1"),
                () -> Credential.ApiKey.query("api_key", "S3CRET key"),
                () -> Credential.OAuth2Token.bearer("S3CRET\u0000tok", null),
                () -> new Credential.OAuth2Token("ok-token", "S3CRET\nrefresh", null, ""),
                () -> new Credential.ClientCredentials("client", "S3CRET\tsecret", "https://t.example.com", "", "",
                        null),
                () -> new Credential.BasicAuth("user", "S3CRET\npassword"),
                () -> new Credential.NetSuiteTba("123_SB1", "ck", "S3CRET\r", "ti", "ts"));
        for (var call : bad) {
            assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("S3CRET")
                    .hasMessageMatching("(key|accessToken|refreshToken|clientSecret|password|consumerSecret) must .*"
                            + "found a (space|control character|non-ASCII character) at position \\d+ of \\d+");
        }
    }

    @Test
    void anApiKeyHeaderNameMustBeAToken() {
        assertThatThrownBy(() -> Credential.ApiKey.header("X-Api Key", "k-123456"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }

    @Test
    void everySecretValueOfACredentialIsListedForRedaction() {
        assertThat(new Credential.OAuth2Token("S3CRET-a", "S3CRET-r", null, "").secretValues())
                .contains("S3CRET-a", "S3CRET-r");
        assertThat(new Credential.BasicAuth("isu", "S3CRET-pw").secretValues())
                .contains("S3CRET-pw", java.util.Base64.getEncoder().encodeToString("isu:S3CRET-pw".getBytes()));
        assertThat(Credential.ApiKey.query("api_key", "S3CRET-q").secretValues()).containsExactly("S3CRET-q");
    }
}
