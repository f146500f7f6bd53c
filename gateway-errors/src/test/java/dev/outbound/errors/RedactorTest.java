package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    @ParameterizedTest
    @ValueSource(strings = {"token", "access_token", "refresh_token", "id_token", "password", "passwd", "secret",
            "client_secret", "api_key", "apikey", "apiKey", "X-Api-Key", "authorization", "cookie", "session",
            "signature", "private_key", "oauth_token_secret", "sessionId", "Set-Cookie", "o:password"})
    void redactsJsonValuesOfSecretKeys(String key) {
        String out = Redactor.redact("{\"user\":\"ann\",\"" + key + "\": \"hunter2-value\", \"n\": 1}");

        assertThat(out).isEqualTo("{\"user\":\"ann\",\"" + key + "\": \"[REDACTED]\", \"n\": 1}");
    }

    @Test
    void redactsNonStringJsonValuesAndKeepsTheJsonValid() {
        assertThat(Redactor.redact("{\"pin_token\":12345678,\"x\":1}"))
                .isEqualTo("{\"pin_token\":\"[REDACTED]\",\"x\":1}");
        assertThat(Redactor.redact("{\"credentials\":{\"user\":\"a\",\"pw\":\"b\"},\"x\":1}"))
                .isEqualTo("{\"credentials\":\"[REDACTED]\",\"x\":1}");
    }

    @Test
    void redactsJsonStringsWithEscapedQuotes() {
        assertThat(Redactor.redact("{\"password\":\"a\\\"b\\\"c\",\"x\":\"y\"}"))
                .isEqualTo("{\"password\":\"[REDACTED]\",\"x\":\"y\"}");
    }

    @Test
    void redactsKeysInsideEscapedJson() {
        String out = Redactor.redact("{\"body\":\"{\\\"refresh_token\\\":\\\"rt-secret\\\"}\"}");

        assertThat(out).doesNotContain("rt-secret").contains("[REDACTED]");
    }

    @Test
    void redactsXmlElementsAndAttributes() {
        String out = Redactor.redact("<auth><wsse:Password Type=\"text\">p@ss</wsse:Password>"
                + "<apiKey><![CDATA[cdata-secret]]></apiKey><client token=\"attr-secret\" id=\"7\"/></auth>");

        assertThat(out).isEqualTo("<auth><wsse:Password Type=\"text\">[REDACTED]</wsse:Password>"
                + "<apiKey>[REDACTED]</apiKey><client token=\"[REDACTED]\" id=\"7\"/></auth>");
    }

    @Test
    void redactsFormAndQueryValues() {
        assertThat(Redactor.redact("grant_type=refresh_token&refresh_token=rt123&client_secret=cs456&scope=api"))
                .isEqualTo("grant_type=refresh_token&refresh_token=[REDACTED]&client_secret=[REDACTED]&scope=api");
        assertThat(Redactor.redact("GET /cb?code=x&access_token=at789 HTTP/1.1"))
                .isEqualTo("GET /cb?code=x&access_token=[REDACTED] HTTP/1.1");
    }

    @Test
    void redactsHeaderLines() {
        String out = Redactor.redact("Content-Type: text/plain\nAuthorization: Basic dXNlcjpwYXNz\n"
                + "Cookie: sid=abc; other=def\nX-Request-Id: 42");

        assertThat(out).isEqualTo("Content-Type: text/plain\nAuthorization: [REDACTED]\nCookie: [REDACTED]\n"
                + "X-Request-Id: 42");
    }

    @Test
    void redactsFreeStandingBearerTokens() {
        assertThat(Redactor.redact("sent Bearer 00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA rejected"))
                .isEqualTo("sent Bearer [REDACTED] rejected");
        assertThat(Redactor.redact("header was bearer abc.def-123_XYZ")).isEqualTo("header was bearer [REDACTED]");
    }

    @Test
    void keepsBearerChallengeParameters() {
        String challenge = "Bearer realm=\"example\", error=\"invalid_token\", "
                + "error_description=\"The access token expired\"";

        assertThat(Redactor.redact(challenge)).isEqualTo(challenge);
    }

    @Test
    void redactsBasicCredentials() {
        assertThat(Redactor.redact("tried Basic dXNlcjpwYXNzd29yZA== then gave up"))
                .isEqualTo("tried Basic [REDACTED] then gave up");
        assertThat(Redactor.redact("Basic plan required")).isEqualTo("Basic plan required");
    }

    @Test
    void redactsJwts() {
        assertThat(Redactor.redact("token " + JWT + " is bad")).isEqualTo("token [REDACTED] is bad");
        assertThat(Redactor.redact("id=" + JWT)).isEqualTo("id=[REDACTED]");
    }

    @Test
    void redactsLongKeyLikeRuns() {
        assertThat(Redactor.redact("key 5d41402abc4b2a76b9719d911017c592 used"))
                .isEqualTo("key [REDACTED] used");
        assertThat(Redactor.redact("aws wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1 used"))
                .isEqualTo("aws [REDACTED] used");
        assertThat(Redactor.redact("sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEf")).isEqualTo("[REDACTED]");
    }

    @Test
    void keepsUuidsWordsCodesAndPaths() {
        String text = "correlation a43683b0-5717-4ceb-80b4-104d02915d8c: INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY"
                + " at /services/data/v59.0/sobjects/Account/describe (Session expired or invalid; "
                + "INVALID_SESSION_ID: Invalid Session ID found in SessionHeader)";

        assertThat(Redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void redactsPlainSecretNamesInRunningText() {
        assertThat(Redactor.redact("login failed, password: hunter2 was wrong"))
                .isEqualTo("login failed, password: [REDACTED] was wrong");
    }

    @Test
    void keepsThePlainWordAfterTokenInAParserMessage() {
        // Salesforce MALFORMED_QUERY: the word after "token:" is SOQL, not a credential.
        String text = "MALFORMED_QUERY: SELECT Id FROM FROM Account\nunexpected token: FROM";

        assertThat(Redactor.redact(text)).isEqualTo(text);
        assertThat(Redactor.redact("{\"message\":\"unexpected token: 'WHERE'\"}"))
                .isEqualTo("{\"message\":\"unexpected token: 'WHERE'\"}");
    }

    @Test
    void stillRedactsATokenThatFollowsTokenColonInRunningText() {
        assertThat(Redactor.redact("rejected token: ghp_16C7e42F292c6912E7710c838347Ae178B4a now"))
                .isEqualTo("rejected token: [REDACTED] now");
        assertThat(Redactor.redact("rejected token: abcdefghijklmnopqrstuvwxyzABCDEFGH now"))
                .isEqualTo("rejected token: [REDACTED] now");
        assertThat(Redactor.redact("login failed, password: letmein was wrong"))
                .isEqualTo("login failed, password: [REDACTED] was wrong");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\",\"count\":3}";

        assertThat(Redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void recognisesSecretNamesWhateverTheirSpelling() {
        assertThat(Redactor.isSecretName("X-API-KEY")).isTrue();
        assertThat(Redactor.isSecretName("refreshToken")).isTrue();
        assertThat(Redactor.isSecretName("wsse:Password")).isTrue();
        assertThat(Redactor.isSecretName("token_type")).isFalse();
        assertThat(Redactor.isSecretName("errorCode")).isFalse();
        assertThat(Redactor.isSecretName(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"token\":\"", "<token ", "<token>", "Bearer ", "eyJaaaaaaaaaaaa.", "token=", "a",
            "=", "\"password\":{", "password: ", "\\\"token\\\":\\\"", "Basic x"})
    void redactsHostileRepetitionsInLinearTime(String unit) {
        String hostile = unit.repeat(64 * 1024 / unit.length() + 1);

        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            Redactor.redact(hostile);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).as("5 redactions of 64 KiB of %s", unit).isLessThan(2_000);
    }
}
