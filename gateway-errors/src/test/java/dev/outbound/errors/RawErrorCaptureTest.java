package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawErrorCaptureTest {
    private static final String KEY = "AKIAx7Q2bZ9kLmN4pR8sT1vW3yC6dF0hJ5gE";

    @Test
    void keepsASmallBodyWholeButRedacted() {
        String out = RawErrorCapture.ofDefaults().capture("{\"error\":\"x\",\"client_secret\":\"cs\"}", false);

        assertThat(out).isEqualTo("{\"error\":\"x\",\"client_secret\":\"[REDACTED]\"}");
    }

    @Test
    void boundsALongBodyAndSaysItWasCut() {
        RawErrorCapture capture = RawErrorCapture.withMaxChars(1000);

        String out = capture.capture("word ".repeat(10_000), false);

        assertThat(out).hasSizeLessThanOrEqualTo(1000).endsWith(RawErrorCapture.TRUNCATED_SUFFIX);
    }

    @Test
    void usesA64KiBoundByDefault() {
        String out = RawErrorCapture.ofDefaults().capture("word ".repeat(100_000), false);

        assertThat(RawErrorCapture.ofDefaults().maxChars()).isEqualTo(65_536);
        assertThat(out).hasSizeLessThanOrEqualTo(65_536).hasSizeGreaterThan(65_000);
    }

    @Test
    void redactsASecretThatStraddlesTheBoundBeforeCutting() {
        RawErrorCapture capture = RawErrorCapture.withMaxChars(200);
        for (int offset = 150; offset < 200; offset++) {
            String text = "x".repeat(offset) + " " + KEY + " trailing words follow here".repeat(20);

            String out = capture.capture(text, false);

            assertThat(out).hasSizeLessThanOrEqualTo(200);
            assertNoPieceOfTheKey(out);
        }
    }

    @Test
    void redactsAKeyedSecretThatStraddlesTheBound() {
        RawErrorCapture capture = RawErrorCapture.withMaxChars(200);
        for (int offset = 150; offset < 200; offset++) {
            String text = "y".repeat(offset) + " {\"password\":\"correct-horse-battery\"} " + "z ".repeat(200);

            assertThat(capture.capture(text, false)).doesNotContain("horse").doesNotContain("correct-h");
        }
    }

    @Test
    void dropsAPieceOfASecretThatTheTransportCutOff() {
        // The transport stopped reading 12 characters into the key: too short to look like a key on its own.
        String prefix = "error near " + KEY.substring(0, 12);

        String out = RawErrorCapture.ofDefaults().capture(prefix, true);

        assertThat(out).isEqualTo("error near " + RawErrorCapture.TRUNCATED_SUFFIX);
    }

    @Test
    void redactsAnUnterminatedSecretValueAtTheEnd() {
        String out = RawErrorCapture.ofDefaults().capture("{\"access_token\":\"00Dxx!AQ", true);

        assertThat(out).doesNotContain("00Dxx").doesNotContain("AQ").startsWith("{\"access_token\":\"");
    }

    @Test
    void neverSplitsTheRedactionMarker() {
        RawErrorCapture capture = RawErrorCapture.withMaxChars(100);
        for (int offset = 70; offset < 100; offset++) {
            String out = capture.capture("a".repeat(offset) + " password=hunter2 " + "b ".repeat(100), false);

            String body = out.substring(0, out.length() - RawErrorCapture.TRUNCATED_SUFFIX.length());
            assertThat(body).doesNotContain("hunter2");
            assertThat(body.contains("[REDACTED]") || !body.contains("[RED")).as(body).isTrue();
        }
    }

    @Test
    void decodesWithTheDeclaredCharset() {
        ProviderResponse r = ProviderResponse.of(500, Map.of("Content-Type", List.of("text/plain; charset=UTF-16")),
                "Fehler: \u00fcberlastet".getBytes(StandardCharsets.UTF_16));

        assertThat(RawErrorCapture.ofDefaults().capture(r)).isEqualTo("Fehler: \u00fcberlastet");
    }

    @Test
    void rejectsATinyBound() {
        assertThatThrownBy(() -> RawErrorCapture.withMaxChars(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxChars");
    }

    private static void assertNoPieceOfTheKey(String out) {
        for (int i = 0; i + 6 <= KEY.length(); i++) {
            assertThat(out).doesNotContain(KEY.substring(i, i + 6));
        }
    }
}
