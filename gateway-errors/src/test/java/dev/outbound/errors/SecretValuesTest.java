package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretValuesTest {
    private static final String KEY = "k3y/with+plus&amp\"quote";
    private final SecretValues secrets = SecretValues.of(Arrays.asList(KEY, null, "abc"));

    @Test
    void aValueIsRemovedAsWrittenUrlEncodedAndJsonEscaped() {
        String text = "raw " + KEY + " url k3y%2Fwith%2Bplus%26amp%22quote json k3y\\/with+plus&amp\\\"quote end";

        String redacted = secrets.redact(text);

        assertThat(redacted).isEqualTo("raw *** url *** json *** end".replace("***", Redactor.REDACTED));
        assertThat(secrets.foundIn(text)).isTrue();
        assertThat(secrets.foundIn(redacted)).isFalse();
    }

    @Test
    void aSecretCutOffAtTheEndOfABoundedTextIsRemovedToo() {
        assertThat(secrets.redact("invalid key: k3y/with+pl…")).isEqualTo("invalid key: " + Redactor.REDACTED + "…");
        assertThat(secrets.redact("invalid key: k3y/wi")).isEqualTo("invalid key: " + Redactor.REDACTED);
        assertThat(secrets.foundIn("invalid key: k3y/wi")).isTrue();
    }

    @Test
    void valuesTooShortToBeSecretsAreLeftAlone() {
        assertThat(secrets.redact("abc is fine")).isEqualTo("abc is fine");
        assertThat(SecretValues.of(List.of()).redact("anything " + KEY)).isEqualTo("anything " + KEY);
    }

    @Test
    void anEnvelopesMessageRawErrorAndCodeAreRedacted() {
        ErrorEnvelope e = ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE).message("bad key " + KEY)
                .rawError("{\"key\":\"" + KEY.replace("\"", "\\\"").replace("/", "\\/") + "\"}")
                .providerCode(KEY).build();

        ErrorEnvelope r = secrets.redact(e);

        assertThat(r.toString() + r.summary() + r.rawError() + r.message() + r.providerCode())
                .doesNotContain("k3y");
        assertThat(r.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
    }

    @Test
    void itsToStringCountsAndNeverShowsTheValues() {
        assertThat(secrets.toString()).doesNotContain("k3y").startsWith("SecretValues[");
    }
}
