package dev.outbound.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.spi.ErrorClassifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every classifier, fed random, truncated and mangled bodies of every content type (fixed seeds), never throws and
 * always answers an error status with an envelope whose texts stay bounded.
 */
class ClassifierFuzzTest {
    private static final int CASES = 1_000;
    private static final int[] STATUSES = {200, 201, 202, 300, 400, 401, 402, 403, 404, 405, 409, 410, 412, 424,
            429, 500, 502, 503, 504};

    /** Seeds in every shape the classifiers read specially. */
    private static final Map<String, String> SEEDS = Map.of(
            "application/json", "[{\"message\":\"Request limit exceeded\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"
                    + "{\"status\":\"error\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\","
                    + "\"category\":\"RATE_LIMITS\",\"error\":{\"type\":\"idempotency_error\",\"code\":\"rate_limit\","
                    + "\"message\":{\"lang\":\"en\",\"value\":\"v\"}},\"o:errorDetails\":[{\"detail\":\"d\","
                    + "\"o:errorCode\":\"SSS_REQUEST_LIMIT_EXCEEDED\"}],\"errors\":{\"supplier\":[\"bad\"]},"
                    + "\"retryAfter\":5,\"errorcode\":50100}",
            "application/xml", "<?xml version=\"1.0\"?><cXML><Response><Status code=\"500\" text=\"Internal\">x"
                    + "</Status></Response></cXML><errors><error>No results</error></errors>",
            "text/xml", "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
                    + "<soapenv:Fault><faultcode>SOAP-ENV:Client.validationError</faultcode><faultstring>com.netledger"
                    + ".dto.faults.InvalidSessionFault: The web service or version is invalid</faultstring><detail>"
                    + "<code>WS_REQUEST_BLOCKED</code></detail></soapenv:Fault><writeResponse><platformCore:status "
                    + "xmlns:platformCore=\"urn:core\" isSuccess=\"false\"><platformCore:statusDetail><platformCore:code>"
                    + "X</platformCore:code></platformCore:statusDetail></platformCore:status></writeResponse>"
                    + "</soapenv:Body></soapenv:Envelope>",
            "multipart/mixed; boundary=b1", "--b1\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 429 Too Many\r\n"
                    + "Content-Type: application/json\r\n\r\n{\"error\":{\"code\":\"0x80072326\",\"message\":\"m\"}}\r\n"
                    + "--b1\r\nContent-Type: multipart/mixed; boundary=c1\r\n\r\n--c1\r\nContent-Type: application/http"
                    + "\r\n\r\nHTTP/1.1 201 Created\r\n\r\n{}\r\n--c1--\r\n--b1--\r\n",
            "text/html", "<!DOCTYPE html><html><head><title>Wrong instance</title></head><body>x</body></html>",
            "text/plain", "CSRF token validation failed\nupstream connect error password=hunter2",
            "application/octet-stream", "");

    static Stream<Arguments> cases() {
        return Providers.ids().stream().flatMap(id -> SEEDS.keySet().stream().map(ct -> Arguments.of(id, ct)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void neverThrowsAndAlwaysAnswersAnErrorStatus(String providerId, String contentType) {
        Random random = new Random(31L * providerId.hashCode() + contentType.hashCode());
        ErrorClassifier classifier = Providers.classifier(providerId);
        byte[] seed = SEEDS.get(contentType).getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < CASES; i++) {
            byte[] body = seed.length == 0 ? randomBytes(random) : mangle(seed, random);
            int status = STATUSES[random.nextInt(STATUSES.length)];
            Map<String, List<String>> headers = Map.of(
                    "Content-Type", List.of(random.nextInt(5) == 0 ? "application/json" : contentType),
                    "X-CSRF-Token", List.of(random.nextBoolean() ? "Required" : "x"),
                    "Retry-After", List.of(random.nextBoolean() ? "7" : "Wed, 21 Oct 2015 07:28:00 GMT"),
                    "WWW-Authenticate", List.of("Bearer error=\"invalid_token\""));
            ProviderResponse r = new ProviderResponse(status, headers, body, random.nextBoolean());

            Optional<ErrorEnvelope> result = classifier.classify(r);

            if (status >= 400) {
                ErrorEnvelope e = result.orElseThrow(() -> new AssertionError("no envelope for HTTP " + status));
                assertThat(e.httpStatus()).isEqualTo(status);
                assertThat(e.provider()).isEqualTo(providerId);
                assertThat(e.message().length()).isLessThanOrEqualTo(500);
                assertThat(e.providerCode().length()).isLessThanOrEqualTo(500);
                assertThat(e.rawError().length()).isLessThanOrEqualTo(64 * 1024);
                assertThat(e.summary()).isNotBlank();
            }
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(2048)];
        random.nextBytes(b);
        return b;
    }

    /** Truncates, flips bytes, splices in structural characters, nests deeply, or appends junk. */
    private static byte[] mangle(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(6)) {
            case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 1 -> {
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                String structural = "{}[]<>\"'&;:=/\\!?-\r\n\u0000";
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    b[random.nextInt(b.length)] = (byte) structural.charAt(random.nextInt(structural.length()));
                }
            }
            case 3 -> {
                String open = b.length > 0 && b[0] == '<' ? "<a>" : b.length > 0 && b[0] == '-' ? "--b1\r\n"
                        : "[{\"e\":";
                b = (open.repeat(50 + random.nextInt(500)) + new String(b, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> b = seed.clone(); // the seed itself, whole
            default -> {
                byte[] tail = new byte[random.nextInt(64)];
                random.nextBytes(tail);
                byte[] joined = Arrays.copyOf(b, random.nextInt(b.length + 1) + tail.length);
                System.arraycopy(tail, 0, joined, joined.length - tail.length, tail.length);
                b = joined;
            }
        }
        return b;
    }
}
