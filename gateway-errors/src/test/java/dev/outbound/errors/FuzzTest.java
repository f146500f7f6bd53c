package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random and mangled bodies of every kind: the classifier must always answer from the status. */
class FuzzTest {
    private static final int CASES = 2_000;
    private static final int[] STATUSES = {400, 401, 403, 404, 408, 409, 410, 412, 418, 422, 429, 500, 502, 503,
            504};

    private static final Map<String, String> SEEDS = Map.of(
            "application/json", "{\"error\":{\"code\":\"E1\",\"message\":\"bad \\\"thing\\\"\",\"details\":[{\"code\":"
                    + "\"x\",\"message\":{\"lang\":\"en\",\"value\":\"v\"}}]},\"errors\":[\"a\",1,true,null],"
                    + "\"access_token\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig\",\"n\":-1.5e300}",
            "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Errors><Error code=\"7\"><errorCode>E"
                    + "</errorCode><message xml:lang=\"en\">m &amp; n</message><![CDATA[x]]></Error></Errors>",
            "text/xml", "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
                    + "<soapenv:Fault><faultcode>sf:X</faultcode><faultstring>X: y</faultstring><detail><code>C"
                    + "</code></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>",
            "text/html", "<!DOCTYPE html><html><head><title>502 &amp; Bad &#x47;ateway</title></head><body><h1>x"
                    + "</h1></body></html>",
            "text/plain", "upstream connect error\nBearer abcdef0123456789 password=hunter2\r\nCookie: a=b",
            "application/octet-stream", "");

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/xml", "text/xml", "text/html", "text/plain",
            "application/octet-stream"})
    void neverThrowsOnMangledBodies(String contentType) {
        Random random = new Random(contentType.hashCode() * 31L + 20250301L);
        GenericErrorClassifier classifier = GenericErrorClassifier.builder()
                .rawErrorCapture(RawErrorCapture.withMaxChars(512)).build();
        byte[] seed = SEEDS.get(contentType).getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < CASES; i++) {
            byte[] body = seed.length == 0 ? randomBytes(random) : mangle(seed, random);
            int status = STATUSES[random.nextInt(STATUSES.length)];
            ProviderResponse r = new ProviderResponse(status,
                    Map.of("Content-Type", List.of(random.nextInt(4) == 0 ? "application/json" : contentType)),
                    body, random.nextBoolean());

            ErrorEnvelope e = classifier.classify(r).orElseThrow();

            assertThat(e.category()).isEqualTo(GenericErrorClassifier.categoryOf(status).orElseThrow());
            assertThat(e.rawError().length()).isLessThanOrEqualTo(512);
            assertThat(e.message().length()).isLessThanOrEqualTo(500);
            assertThat(e.summary()).isNotBlank();
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(2048)];
        random.nextBytes(b);
        return b;
    }

    /** Truncates, flips bytes, splices in structural characters, or nests deeply. */
    private static byte[] mangle(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 1 -> {
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                String structural = "{}[]<>\"'&;:=/\\!?-\u0000\uFFFF";
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    b[random.nextInt(b.length)] = (byte) structural.charAt(random.nextInt(structural.length()));
                }
            }
            case 3 -> {
                String open = b.length > 0 && b[0] == '<' ? "<a>" : "[{\"e\":";
                b = (open.repeat(50 + random.nextInt(500)) + new String(b, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                byte[] tail = new byte[random.nextInt(64)];
                random.nextBytes(tail);
                byte[] joined = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1) + tail.length);
                System.arraycopy(tail, 0, joined, joined.length - tail.length, tail.length);
                b = joined;
            }
        }
        return b;
    }
}
