package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LargeBodyTest {
    private static final int TEN_MIB = 10 * 1024 * 1024;
    private final GenericErrorClassifier classifier = GenericErrorClassifier.create();

    private static byte[] tenMiBStartingWith(String head, char fill) {
        byte[] body = new byte[TEN_MIB];
        Arrays.fill(body, (byte) fill);
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, body, 0, h.length);
        return body;
    }

    @Test
    void classifiesTheReadablePrefixOfATenMiBJsonBodyAndBoundsTheCapture() {
        byte[] body = tenMiBStartingWith("{\"error\":{\"code\":\"PAYLOAD_TOO_LARGE\",\"message\":\"Too big\"},"
                + "\"access_token\":\"at-0123456789\",\"padding\":\"", 'x');
        ProviderResponse r = ProviderResponse.of(500, Map.of("Content-Type", List.of("application/json")), body);

        long start = System.nanoTime();
        ErrorEnvelope e = classifier.classify(r).orElseThrow();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.providerCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(e.message()).isEqualTo("Too big");
        assertThat(e.rawError()).hasSizeLessThanOrEqualTo(RawErrorCapture.DEFAULT_MAX_CHARS)
                .endsWith(RawErrorCapture.TRUNCATED_SUFFIX).doesNotContain("at-0123456789");
        assertThat(millis).isLessThan(2_000);
    }

    @Test
    void boundsTheCaptureOfATransportTruncatedXmlBody() {
        byte[] body = tenMiBStartingWith("<Errors><Error><errorCode>LIMIT</errorCode><message>Slow down</message>"
                + "</Error><padding>", 'y');
        ProviderResponse r = new ProviderResponse(429, Map.of("Content-Type", List.of("text/xml")), body, true);

        ErrorEnvelope e = classifier.classify(r).orElseThrow();

        assertThat(e.providerCode()).isEqualTo("LIMIT");
        assertThat(e.message()).isEqualTo("Slow down");
        assertThat(e.rawError()).hasSizeLessThanOrEqualTo(RawErrorCapture.DEFAULT_MAX_CHARS);
    }

    @Test
    void honoursASmallerConfiguredBound() {
        GenericErrorClassifier small = GenericErrorClassifier.builder()
                .rawErrorCapture(RawErrorCapture.withMaxChars(4096)).maxReadBytes(8192).build();
        byte[] body = tenMiBStartingWith("upstream timed out\n", 'z');

        ErrorEnvelope e = small.classify(ProviderResponse.of(504, Map.of(), body)).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.message()).isEqualTo("upstream timed out");
        assertThat(e.rawError()).hasSizeLessThanOrEqualTo(4096).startsWith("upstream timed out");
    }

    @Test
    void readsOnlyAPrefixOfAHugeBodyWhenExtracting() {
        byte[] body = tenMiBStartingWith("{\"errors\":[{\"message\":\"first\"}", ' ');

        ErrorBodies.Details d = ErrorBodies.read(ProviderResponse.of(400, Map.of(), body));

        assertThat(d.kind()).isEqualTo(ErrorBodies.Kind.JSON);
        assertThat(d.message()).isEqualTo("first");
        assertThat(d.truncated()).isTrue();
    }
}
