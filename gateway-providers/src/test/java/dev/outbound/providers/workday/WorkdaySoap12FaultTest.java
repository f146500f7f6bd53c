package dev.outbound.providers.workday;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.providers.Providers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A SOAP 1.2 fault ({@code Code/Value} and {@code Subcode/Value} instead of {@code faultcode}) reads like the SOAP
 * 1.1 fault of the same error. UNVERIFIED: whether Workday answers SOAP 1.2 at all is not documented in what could
 * be read (PROVIDERS.md §6 has only third-party SOAP 1.1 material); the fault codes are the third-party ones.
 */
class WorkdaySoap12FaultTest {

    private static ErrorEnvelope classify(String code, String subcode, String reason) {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope"
                + " xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:wd=\"urn:com.workday/bsvc\">"
                + "<env:Body><env:Fault><env:Code><env:Value>env:" + code + "</env:Value><env:Subcode><env:Value>wd:"
                + subcode + "</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">" + reason
                + "</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>";
        return Providers.classify("workday", 500, Map.of("Content-Type", List.of("application/soap+xml")),
                body.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void aSoap12ValidationFaultIsAValidationErrorNotAServerError() {
        ErrorEnvelope e = classify("Sender", "validationError", "Validation error occurred. Invalid ID value.");

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.providerCode()).isEqualTo("Sender.validationError");
        assertThat(e.message()).isEqualTo("Validation error occurred. Invalid ID value.");
    }

    @Test
    void aSoap12AuthenticationFaultIsAnAuthFailure() {
        ErrorEnvelope e = classify("Sender", "authenticationError", "invalid username or password");

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
    }
}
