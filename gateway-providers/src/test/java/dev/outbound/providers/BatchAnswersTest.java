package dev.outbound.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.providers.salesforce.SalesforceClassifier;
import dev.outbound.providers.sap.SapClassifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Providers#classify} of a batch answer whose parts failed gives the envelope of the first failed part,
 * category from that part (the HTTP status stays the answer's), even when the answer itself is a 200 — while the adapters' classifiers still let such
 * an answer through, so the batch helpers report every part (their simulator tests show the per-part outcomes).
 * Shapes: Salesforce Composite and Composite Batch
 * (https://developer.salesforce.com/docs/atlas.en-us.240.0.api_rest.meta/api/requests_composite.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.264.0.api_rest.meta/api_rest/responses_composite_batch.htm);
 * sObject Collections answers are UNVERIFIED (written from the documented record-result shape, not a retrieved
 * sample); SAP {@code $batch} with a failed change set answered by one error part (SAP Cloud SDK for JS fixture
 * test-packages/integration-tests/test/test-data/batch/error-response.ts @6fc06a1); Dataverse {@code $batch} with
 * {@code Prefer: odata.continue-on-error}
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api).
 */
class BatchAnswersTest {
    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

    private static Optional<ErrorEnvelope> classify(String provider, int status, Map<String, List<String>> headers,
                                                    String body) {
        return Providers.classify(provider, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String compositeEntry(int status, String body, String ref) {
        return "{\"body\":" + body + ",\"httpHeaders\":{},\"httpStatusCode\":" + status + ",\"referenceId\":\""
                + ref + "\"}";
    }

    private static final String CREATED = "{\"id\":\"001R00000033JNuIAM\",\"success\":true,\"errors\":[]}";
    private static final String MISSING_NAME = "[{\"message\":\"Required fields are missing: [Name]\","
            + "\"errorCode\":\"REQUIRED_FIELD_MISSING\",\"fields\":[\"Name\"]}]";
    private static final String HALTED = "[{\"errorCode\":\"PROCESSING_HALTED\",\"message\":\"The transaction was "
            + "rolled back since another operation in the same transaction failed.\"}]";

    @Test
    void aSalesforceCompositeAnswerWithAFailedSubRequestIsThatSubRequestsError() {
        String body = "{\"compositeResponse\":[" + compositeEntry(201, CREATED, "newAccount") + ","
                + compositeEntry(400, MISSING_NAME, "newContact") + "]}";

        ErrorEnvelope e = classify("salesforce", 200, JSON, body).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.reason()).isEqualTo("error_in_success_body");
        assertThat(e.httpStatus()).as("the status that came over the wire").isEqualTo(200);
        assertThat(e.providerCode()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(e.message()).isEqualTo("a batch part failed with HTTP 400: Required fields are missing: [Name]");
        assertThat(e.provider()).isEqualTo("salesforce");
        assertThat(classify("salesforce", 200, JSON, "{\"compositeResponse\":[" + compositeEntry(201, CREATED, "a")
                + "]}")).as("every sub-request succeeded").isEmpty();
    }

    @Test
    void anAllOrNoneCompositeIsTheFailureThatCausedItNotTheFirstHaltedPart() {
        String notFound = "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]";
        String body = "{\"compositeResponse\":[" + compositeEntry(400, HALTED, "first") + ","
                + compositeEntry(404, notFound, "second") + "]}";

        ErrorEnvelope e = classify("salesforce", 200, JSON, body).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(e.providerCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aCompositeBatchWithHasErrorsIsItsFirstFailedResult() {
        String body = "{\"hasErrors\":true,\"results\":[{\"statusCode\":204,\"result\":null},"
                + "{\"statusCode\":403,\"result\":[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":"
                + "\"TotalRequests Limit exceeded.\"}]},{\"statusCode\":412,\"result\":[{\"errorCode\":"
                + "\"BATCH_PROCESSING_HALTED\",\"message\":\"Batch processing halted per request\"}]}]}";

        ErrorEnvelope e = classify("salesforce", 200, JSON, body).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.reason()).isEqualTo("quota_exhausted");
    }

    @Test
    void anSObjectCollectionsAnswerWithAFailedRecordIsThatRecordsError() {
        String body = "[" + CREATED + ",{\"success\":false,\"errors\":[{\"statusCode\":\"REQUIRED_FIELD_MISSING\","
                + "\"message\":\"Required fields are missing: [Name]\",\"fields\":[\"Name\"]}]}]";

        ErrorEnvelope e = classify("salesforce", 200, JSON, body).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.providerCode()).isEqualTo("REQUIRED_FIELD_MISSING");
    }

    @Test
    void theAdaptersClassifierLetsAFailedCompositeThroughForTheBatchHelper() {
        String body = "{\"compositeResponse\":[" + compositeEntry(400, MISSING_NAME, "newContact") + "]}";

        Optional<ErrorEnvelope> live = new SalesforceClassifier(Clock.systemUTC()).classify(ProviderResponse.of(200,
                JSON, body.getBytes(StandardCharsets.UTF_8)));

        assertThat(live).isEmpty();
        assertThat(classify("salesforce", 200, JSON, body)).isPresent();
    }

    private static final String SAP_BATCH = "--batchresponse_1\r\n"
            + "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"d\":{\"BusinessPartner\":\"1\"}}\r\n"
            + "--batchresponse_1\r\n"
            + "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            + "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n"
            + "{\"error\":{\"code\":\"/IWBEP/CM_MGW_RT/022\",\"message\":{\"lang\":\"en\",\"value\":"
            + "\"Property 'Foo' is invalid\"},\"innererror\":{\"Error_Resolution\":{\"Batch_SAP_Note\":"
            + "\"See SAP Note 1869434 for details about working with $batch\"}}}}\r\n"
            + "--batchresponse_1\r\n"
            + "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            + "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n"
            + "{\"error\":{\"code\":\"/IWBEP/CM_MGW_RT/021\",\"message\":{\"lang\":\"en\",\"value\":\"Resource not "
            + "found\"}}}\r\n"
            + "--batchresponse_1--\r\n";

    @Test
    void anSapBatchAnsweredWith202IsItsFirstFailedPart() {
        Map<String, List<String>> headers = Map.of("Content-Type",
                List.of("multipart/mixed; boundary=batchresponse_1"));

        ErrorEnvelope e = classify("sap", 202, headers, SAP_BATCH).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.httpStatus()).isEqualTo(202);
        assertThat(e.providerCode()).isEqualTo("/IWBEP/CM_MGW_RT/022");
        assertThat(e.message()).isEqualTo("a batch part failed with HTTP 400: Property 'Foo' is invalid");
        assertThat(new SapClassifier(Clock.systemUTC()).classify(ProviderResponse.of(202, headers,
                SAP_BATCH.getBytes(StandardCharsets.UTF_8)))).as("what the adapter sees").isEmpty();
        String allSucceeded = "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}\r\n--b--\r\n";
        assertThat(classify("sap", 202, Map.of("Content-Type", List.of("multipart/mixed; boundary=b")),
                allSucceeded)).as("every part succeeded").isEmpty();
    }

    @Test
    void aFailedPartInsideANestedChangeSetIsFound() {
        String body = "--batch_b\r\nContent-Type: multipart/mixed; boundary=changeset_c\r\n\r\n"
                + "--changeset_c\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 201 Created\r\n\r\n{}\r\n"
                + "--changeset_c\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 412 Precondition Failed\r\n"
                + "Content-Type: application/json\r\n\r\n{\"error\":{\"code\":\"\",\"message\":\"A record with "
                + "matching key values already exists.\"}}\r\n--changeset_c--\r\n--batch_b--\r\n";

        ErrorEnvelope e = classify("dynamics", 200, Map.of("Content-Type",
                List.of("multipart/mixed; boundary=batch_b")), body).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(e.message()).endsWith("HTTP 412: A record with matching key values already exists.");
    }

    @Test
    void aDataverseContinueOnErrorBatchTakesItsCategoryFromTheFailedPart() {
        String body = "--batchresponse_d\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n\n"
                + "HTTP/1.1 204 No Content\nOData-Version: 4.0\n\n\n"
                + "--batchresponse_d\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n\n"
                + "HTTP/1.1 429 Too Many Requests\nRetry-After: 20\nContent-Type: application/json\n\n"
                + "{\"error\":{\"code\":\"0x80072322\",\"message\":\"Number of requests exceeded the limit of 6000 "
                + "over time window of 300 seconds.\"}}\n--batchresponse_d--\n";

        ErrorEnvelope e = classify("dynamics", 200, Map.of("Content-Type",
                List.of("multipart/mixed; boundary=batchresponse_d")), body).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.reason()).isEqualTo("request_count_limit");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
    }
}
