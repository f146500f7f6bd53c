package dev.outbound.providers.netsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.Reasons;
import dev.outbound.providers.Providers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A RESTlet may catch a SuiteScript error and still answer 200 OK ("look for error details in the response body",
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4634920277.html). A SuiteScript 2.x error
 * object carries its code as {@code name}; that body shape is UNVERIFIED (no verbatim RESTlet body in the sources).
 */
class NetSuiteRestletErrorTest {

    @Test
    void aSuiteScript2ErrorObjectReturnedWith200IsAnErrorWithItsName() {
        String body = "{\"error\":{\"type\":\"error.SuiteScriptError\",\"name\":\"SSS_MISSING_REQD_ARGUMENT\","
                + "\"message\":\"Missing a required argument: id\",\"stack\":[\"createError(N/error)\"]}}";

        ErrorEnvelope e = Providers.classify("netsuite", 200, Map.of("Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.reason()).isEqualTo(Reasons.ERROR_IN_SUCCESS_BODY);
        assertThat(e.providerCode()).isEqualTo("SSS_MISSING_REQD_ARGUMENT");
        assertThat(e.message()).isEqualTo("Missing a required argument: id");
    }

    @Test
    void aSuiteScriptConcurrencyErrorReturnedWith200IsRateLimited() {
        String body = "{\"error\":{\"type\":\"error.SuiteScriptError\",\"name\":\"SSS_REQUEST_LIMIT_EXCEEDED\","
                + "\"message\":\"Request limit exceeded\"}}";

        ErrorEnvelope e = Providers.classify("netsuite", 200, Map.of("Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.reason()).isEqualTo(Reasons.CONCURRENCY_LIMIT);
    }
}
