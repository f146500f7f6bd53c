package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every real error sample (a copy of shared/providers/error-samples.json) through the generic classifier.
 */
class ProviderSamplesTest {
    /** Samples whose documented category needs provider knowledge beyond the status (adapters refine them). */
    private static final Set<String> NEEDS_AN_ADAPTER = Set.of("Stripe (Connect OAuth token endpoint)");

    private static final GenericErrorClassifier CLASSIFIER = GenericErrorClassifier.create();

    static List<JsonNode> samples() throws IOException {
        try (InputStream in = ProviderSamplesTest.class.getResourceAsStream("/providers/error-samples.json")) {
            assertThat(in).as("error-samples.json on the test class path").isNotNull();
            List<JsonNode> all = new ArrayList<>();
            new ObjectMapper().readTree(in).forEach(all::add);
            return all;
        }
    }

    static Stream<Arguments> cases() throws IOException {
        return samples().stream().map(s -> Arguments.of(s.get("provider").asText() + " " + s.get("status").asInt(), s));
    }

    private static ProviderResponse toResponse(JsonNode sample) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        sample.get("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), List.of(h.getValue().asText())));
        return ProviderResponse.of(sample.get("status").asInt(), headers,
                sample.get("body").asText().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void coversEverySampleInTheFile() throws IOException {
        assertThat(samples()).hasSizeGreaterThanOrEqualTo(18);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifiesTheSampleByItsStatus(String name, JsonNode sample) {
        int status = sample.get("status").asInt();

        ErrorEnvelope e = CLASSIFIER.classify(toResponse(sample)).orElseThrow();

        assertThat(e.category()).isEqualTo(GenericErrorClassifier.categoryOf(status).orElseThrow());
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.message()).isNotBlank();
        if (!NEEDS_AN_ADAPTER.contains(sample.get("provider").asText())) {
            assertThat(e.category().wireName()).isEqualTo(sample.get("expected_category").asText());
        }
        if (sample.hasNonNull("reason")) {
            assertThat(e.reason()).isEqualTo(sample.get("reason").asText());
        }
    }

    @Test
    void readsTheProviderCodesAndMessagesOfTheSamples() throws IOException {
        Map<String, String> summaries = new LinkedHashMap<>();
        for (JsonNode s : samples()) {
            ErrorEnvelope e = CLASSIFIER.classify(toResponse(s)).orElseThrow();
            summaries.put(s.get("provider").asText() + " " + s.get("status").asInt(),
                    e.providerCode() + " | " + e.message());
        }

        assertThat(summaries).containsEntry("OAuth 2.0 (RFC 6749 token endpoint) 400", "invalid_request | Bad Request")
                .containsEntry("OAuth 2.0 (RFC 6750 protected resource) 401",
                        "invalid_token | The access token expired")
                .containsEntry("Salesforce REST API 400",
                        "REQUIRED_FIELD_MISSING | Required fields are missing: [Name]")
                .containsEntry("Salesforce Marketing Cloud REST API 429", "50100 | Rate limit exceeded")
                .containsEntry("HubSpot API 400", "VALIDATION_ERROR | This will be a human readable message with "
                        + "details about the error.")
                .containsEntry("Microsoft Dataverse Web API 400", "0x80040265 | Example Error Message.")
                .containsEntry("Microsoft Dataverse Web API 404",
                        " | account With Id = 00000000-0000-0000-0000-000000000001 Does Not Exist")
                .containsEntry("Microsoft Dataverse Web API ($batch) 400", "0x80044331 | A validation error "
                        + "occurred. The length of the 'subject' attribute of the 'task' entity exceeded the maximum "
                        + "allowed length of '200'.")
                .containsEntry("SAP OData V4 JSON 400", "err123 | Unsupported functionality")
                .containsEntry("Oracle NetSuite REST Web Services 401", "INVALID_LOGIN | Invalid login attempt. For "
                        + "more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User "
                        + "Management > View Login Audit Trail.")
                .containsEntry("Coupa Core API (XML) 404", " | No results match your search criteria.")
                .containsEntry("Stripe (Connect OAuth token endpoint) 400", "invalid_grant | This authorization "
                        + "code has already been used. All tokens issued with this code have been revoked.")
                .containsEntry("Stripe API 402", "invalid_expiry_year | Payment Required")
                .containsEntry("Stripe API 503", " | Service unavailable");
    }
}
