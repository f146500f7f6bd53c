package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GenericErrorClassifierTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private final GenericErrorClassifier classifier =
            GenericErrorClassifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    private static ProviderResponse response(int status, String contentType, String body) {
        Map<String, List<String>> headers = contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType));
        return ProviderResponse.of(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private ErrorEnvelope classify(int status, String contentType, String body) {
        return classifier.classify(response(status, contentType, body)).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204, 299, 300, 301, 304, 399})
    void treatsTwoAndThreeHundredsAsSuccess(int status) {
        assertThat(classifier.classify(response(status, "application/json", "{\"error\":\"x\"}"))).isEmpty();
        assertThat(GenericErrorClassifier.categoryOf(status)).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0} is {1} ({2})")
    @CsvSource({
            "400, VALIDATION_ERROR, http_status",
            "422, VALIDATION_ERROR, http_status",
            "402, VALIDATION_ERROR, http_status",
            "405, VALIDATION_ERROR, http_status",
            "415, VALIDATION_ERROR, http_status",
            "499, VALIDATION_ERROR, http_status",
            "401, AUTH_FAILURE, token_expired",
            "403, AUTH_FAILURE, permission_denied",
            "404, NOT_FOUND, http_status",
            "410, NOT_FOUND, http_status",
            "408, TIMEOUT, http_status",
            "504, TIMEOUT, http_status",
            "409, CONFLICT, http_status",
            "412, CONFLICT, http_status",
            "429, RATE_LIMITED, http_status",
            "500, SERVER_ERROR, http_status",
            "502, SERVER_ERROR, http_status",
            "503, SERVER_ERROR, http_status",
            "599, SERVER_ERROR, http_status",
            "100, SERVER_ERROR, malformed_response",
            "600, SERVER_ERROR, malformed_response",
    })
    void mapsEachStatusToItsCategoryAndReason(int status, ErrorCategory category, String reason) {
        ErrorEnvelope e = classify(status, null, "");

        assertThat(e.category()).isEqualTo(category);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.timestamp()).isEqualTo(NOW);
        assertThat(GenericErrorClassifier.categoryOf(status)).contains(category);
    }

    @Test
    void usesTheReasonPhraseWhenTheBodySaysNothing() {
        assertThat(classify(503, null, "").message()).isEqualTo("Service Unavailable");
        assertThat(classify(429, "application/json", "{\"error\": {}}").message()).isEqualTo("Too Many Requests");
    }

    @Test
    void readsDeltaSecondsRetryAfter() {
        ProviderResponse r = ProviderResponse.of(429, Map.of("retry-after", List.of("120")), new byte[0]);

        assertThat(classifier.classify(r).orElseThrow().retryAfter()).contains(Duration.ofSeconds(120));
    }

    @Test
    void readsHttpDateRetryAfterAgainstTheInjectedClock() {
        ProviderResponse r = ProviderResponse.of(503,
                Map.of("Retry-After", List.of("Sat, 01 Mar 2025 12:01:30 GMT")), new byte[0]);

        assertThat(classifier.classify(r).orElseThrow().retryAfter()).contains(Duration.ofSeconds(90));
    }

    @Test
    void leavesRetryAfterAbsentWhenTheHeaderIsGarbage() {
        ProviderResponse r = ProviderResponse.of(429, Map.of("Retry-After", List.of("soon-ish")), new byte[0]);

        ErrorEnvelope e = classifier.classify(r).orElseThrow();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
    }

    @Test
    void readsTheBearerChallengeOfABodylessUnauthorized() {
        ProviderResponse r = ProviderResponse.of(401, Map.of("WWW-Authenticate", List.of(
                "Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token expired\"")),
                new byte[0]);

        ErrorEnvelope e = classifier.classify(r).orElseThrow();
        assertThat(e.providerCode()).isEqualTo("invalid_token");
        assertThat(e.message()).isEqualTo("The access token expired");
        assertThat(e.reason()).isEqualTo(Reasons.TOKEN_EXPIRED);
    }

    @Test
    void takesCodeAndMessageFromAnOAuthErrorBody() {
        ErrorEnvelope e = classify(400, "application/json",
                "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token expired\"}");

        assertThat(e.providerCode()).isEqualTo("invalid_grant");
        assertThat(e.message()).isEqualTo("Refresh token expired");
    }

    @Test
    void takesCodeAndMessageFromANestedErrorObject() {
        ErrorEnvelope e = classify(400, "application/json",
                "{\"error\":{\"code\":\"0x80040265\",\"message\":\"Example Error Message.\"}}");

        assertThat(e.providerCode()).isEqualTo("0x80040265");
        assertThat(e.message()).isEqualTo("Example Error Message.");
    }

    @Test
    void takesCodeAndMessageFromATopLevelObject() {
        ErrorEnvelope e = classify(429, "application/json",
                "{\"message\": \"Rate limit exceeded\", \"errorcode\": 50100, \"retryAfter\": 5}");

        assertThat(e.providerCode()).isEqualTo("50100");
        assertThat(e.message()).isEqualTo("Rate limit exceeded");
    }

    @Test
    void takesTheFirstEntryOfAnErrorsList() {
        ErrorEnvelope e = classify(422, "application/json",
                "{\"errors\":[{\"code\":\"REQUIRED\",\"message\":\"Name is required\"},"
                        + "{\"code\":\"TOO_LONG\",\"message\":\"Name is too long\"}]}");

        assertThat(e.providerCode()).isEqualTo("REQUIRED");
        assertThat(e.message()).isEqualTo("Name is required");
    }

    @Test
    void takesTheFirstElementOfATopLevelArray() {
        ErrorEnvelope e = classify(401, "application/json",
                "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");

        assertThat(e.providerCode()).isEqualTo("INVALID_SESSION_ID");
        assertThat(e.message()).isEqualTo("Session expired or invalid");
    }

    @Test
    void readsTheSapV2MessageValue() {
        ErrorEnvelope e = classify(400, "application/json", "{\"error\":{\"code\":\"/IWBEP/CM_MGW_RT/020\","
                + "\"message\":{\"lang\":\"en\",\"value\":\"Resource not found for segment\"}}}");

        assertThat(e.providerCode()).isEqualTo("/IWBEP/CM_MGW_RT/020");
        assertThat(e.message()).isEqualTo("Resource not found for segment");
    }

    @Test
    void prefersAListedDetailOverAProblemTitle() {
        ErrorEnvelope e = classify(401, null, "{\"title\":\"Unauthorized\",\"status\":401,\"o:errorDetails\":"
                + "[{\"detail\":\"Invalid login attempt.\",\"o:errorCode\":\"INVALID_LOGIN\"}]}");

        assertThat(e.providerCode()).isEqualTo("INVALID_LOGIN");
        assertThat(e.message()).isEqualTo("Invalid login attempt.");
    }

    @Test
    void readsCodeAndMessageElementsOfAnXmlError() {
        ErrorEnvelope e = classify(400, "application/xml", "<?xml version='1.0' encoding='UTF-8'?>"
                + "<error xmlns=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\">"
                + "<code>ErrorCode</code><message xml:lang=\"en-US\">Message</message>"
                + "<innererror>Some InnerError</innererror></error>");

        assertThat(e.providerCode()).isEqualTo("ErrorCode");
        assertThat(e.message()).isEqualTo("Message");
    }

    @Test
    void readsNestedXmlErrorsAsSalesforceSendsThem() {
        ErrorEnvelope e = classify(400, "application/xml", "<Errors><Error><errorCode>MALFORMED_ID</errorCode>"
                + "<message>Bad id 001</message></Error></Errors>");

        assertThat(e.providerCode()).isEqualTo("MALFORMED_ID");
        assertThat(e.message()).isEqualTo("Bad id 001");
    }

    @Test
    void readsALeafErrorElementAsTheMessage() {
        ErrorEnvelope e = classify(404, null,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n\t <error>No results match.</error>\n</errors>");

        assertThat(e.message()).isEqualTo("No results match.");
        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void readsASoap11Fault() {
        ErrorEnvelope e = classify(500, "text/xml", "<soapenv:Envelope xmlns:soapenv="
                + "\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:sf=\"urn:fault.partner.soap.sforce.com\">"
                + "<soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode>"
                + "<faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader</faultstring>"
                + "</soapenv:Fault></soapenv:Body></soapenv:Envelope>");

        assertThat(e.providerCode()).isEqualTo("INVALID_SESSION_ID");
        assertThat(e.message()).isEqualTo("INVALID_SESSION_ID: Invalid Session ID found in SessionHeader");
        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
    }

    @Test
    void prefersTheDetailCodeOfASoapFault() {
        ErrorEnvelope e = classify(500, "text/xml", "<soapenv:Envelope xmlns:soapenv="
                + "\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><soapenv:Fault>"
                + "<faultcode>soapenv:Server.userException</faultcode>"
                + "<faultstring>com.netledger.dto.faults.InvalidSessionFault: session timed out</faultstring>"
                + "<detail><ns1:invalidSessionFault xmlns:ns1=\"urn:faults\"><ns1:code>INVALID_SESSION</ns1:code>"
                + "<ns1:message>session timed out</ns1:message></ns1:invalidSessionFault></detail>"
                + "</soapenv:Fault></soapenv:Body></soapenv:Envelope>");

        assertThat(e.providerCode()).isEqualTo("INVALID_SESSION");
        assertThat(e.message()).isEqualTo("com.netledger.dto.faults.InvalidSessionFault: session timed out");
    }

    @Test
    void readsASoap12FaultWithItsMostSpecificSubcode() {
        ErrorEnvelope e = classify(400, "application/soap+xml", "<env:Envelope xmlns:env="
                + "\"http://www.w3.org/2003/05/soap-envelope\" xmlns:rpc=\"http://www.w3.org/2003/05/soap-rpc\">"
                + "<env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode>"
                + "<env:Value>rpc:BadArguments</env:Value></env:Subcode></env:Code>"
                + "<env:Reason><env:Text xml:lang=\"en\">Processing error</env:Text></env:Reason>"
                + "</env:Fault></env:Body></env:Envelope>");

        assertThat(e.providerCode()).isEqualTo("BadArguments");
        assertThat(e.message()).isEqualTo("Processing error");
    }

    @Test
    void takesTheTitleOfAnHtmlPageWithoutMarkup() {
        ErrorEnvelope e = classify(502, "text/html", "<!DOCTYPE html>\n<html><head>"
                + "<title>502 Bad Gateway &amp; <b>friends</b></title></head>"
                + "<body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>");

        assertThat(e.message()).isEqualTo("502 Bad Gateway & friends");
        assertThat(e.providerCode()).isEmpty();
    }

    @Test
    void readsHtmlEvenWhenItClaimsToBeJson() {
        ErrorEnvelope e = classify(503, "application/json",
                "<html><head><TITLE>Service Temporarily Unavailable</TITLE></head></html>");

        assertThat(e.message()).isEqualTo("Service Temporarily Unavailable");
        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
    }

    @Test
    void takesTheFirstLineOfPlainText() {
        ErrorEnvelope e = classify(500, "text/plain", "\n  upstream connect error or disconnect\nreset reason: x");

        assertThat(e.message()).isEqualTo("upstream connect error or disconnect");
    }

    @Test
    void boundsAVeryLongFirstLine() {
        ErrorEnvelope e = classify(500, "text/plain", "x ".repeat(50_000));

        assertThat(e.message()).hasSizeLessThanOrEqualTo(500);
    }

    @Test
    void givesAStatusEnvelopeForAnEmptyBody() {
        ErrorEnvelope e = classify(404, "application/json", "");

        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(e.providerCode()).isEmpty();
        assertThat(e.rawError()).isEmpty();
    }

    @Test
    void givesAStatusEnvelopeForTruncatedJson() {
        ErrorEnvelope e = classify(409, "application/json", "{\"error\":{\"code\":\"DUPLICATE\",\"mess");

        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(e.providerCode()).isEqualTo("DUPLICATE");
    }

    @Test
    void givesAStatusEnvelopeForBinaryGarbage() {
        byte[] junk = new byte[512];
        new java.util.Random(7).nextBytes(junk);
        ErrorEnvelope e = classifier.classify(ProviderResponse.of(500, Map.of(), junk)).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.message()).isEqualTo("Internal Server Error");
    }

    @Test
    void findsTheJsonPartOfAMultipartBatchResponse() {
        String body = "--batchresponse_1\nContent-Type: application/http\n\nHTTP/1.1 400 Bad Request\n"
                + "Content-Type: application/json\n\n{\"error\":{\"code\":\"0x80044331\",\"message\":\"A validation "
                + "error occurred.\"}}\n--batchresponse_1--\n";
        ErrorEnvelope e = classify(400, "multipart/mixed; boundary=batchresponse_1", body);

        assertThat(e.providerCode()).isEqualTo("0x80044331");
        assertThat(e.message()).isEqualTo("A validation error occurred.");
    }

    @Test
    void honoursTheDeclaredCharset() {
        byte[] latin1 = "{\"message\":\"Kunde nicht gefunden: M\u00fcller\"}".getBytes(StandardCharsets.ISO_8859_1);
        ProviderResponse r = ProviderResponse.of(404,
                Map.of("Content-Type", List.of("application/json; charset=ISO-8859-1")), latin1);

        assertThat(classifier.classify(r).orElseThrow().message()).isEqualTo("Kunde nicht gefunden: M\u00fcller");
    }

    @Test
    void redactsSecretsInTheMessageAndTheRawError() {
        ErrorEnvelope e = classify(401, "application/json", "{\"message\":\"Bearer abcd1234efgh5678 rejected\","
                + "\"access_token\":\"s3cr3t-value\"}");

        assertThat(e.message()).isEqualTo("Bearer [REDACTED] rejected");
        assertThat(e.rawError()).doesNotContain("abcd1234efgh5678").doesNotContain("s3cr3t-value")
                .contains("\"access_token\":\"[REDACTED]\"");
    }
}
