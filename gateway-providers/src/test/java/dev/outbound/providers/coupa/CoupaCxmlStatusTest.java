package dev.outbound.providers.coupa;

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
 * A cXML {@code Status} inside an HTTP 200 is the verdict, with the reason its code implies: 403 ("cXML invoicing
 * not allowed", Coupa's transmission error codes,
 * https://compass.coupa.com/en-us/products/product-documentation/supplier-resources/supplier-integration-resources/invoice-cxml-transmission-error-codes)
 * is a permission refusal like an HTTP 403. The document around the status follows the cXML {@code Response} shape
 * on Coupa's cXML error-handling page; the 403 text is illustrative.
 */
class CoupaCxmlStatusTest {

    @Test
    void aCxml403InsideA200IsPermissionDeniedNotAnUnexplainedErrorInTheBody() {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><cXML payloadID=\"1@coupa\" timestamp=\"2024-01-01\">"
                + "<Response><Status code=\"403\" text=\"Forbidden\">cXML invoicing is not allowed for this supplier"
                + "</Status></Response></cXML>";

        ErrorEnvelope e = Providers.classify("coupa", 200, Map.of("Content-Type", List.of("text/xml")),
                body.getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.reason()).isEqualTo(Reasons.PERMISSION_DENIED);
        assertThat(e.providerCode()).isEqualTo("403");
        assertThat(e.httpStatus()).isEqualTo(200);
    }
}
