package dev.outbound.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbound.errors.ErrorEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real sample of shared/providers/error-samples.json (copied into the test resources) classifies to its
 * expected category, and reason where one is given, through {@link Providers#classify}.
 */
class ErrorSamplesTest {

    static List<JsonNode> samples() throws IOException {
        try (InputStream in = ErrorSamplesTest.class.getResourceAsStream("/providers/error-samples.json")) {
            assertThat(in).as("error-samples.json on the test class path").isNotNull();
            List<JsonNode> all = new ArrayList<>();
            new ObjectMapper().readTree(in).forEach(all::add);
            return all;
        }
    }

    /** The provider id of a sample's free-text provider name; a new provider name fails the test until mapped. */
    static String providerId(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("oauth 2.0")) {
            return "generic";
        }
        for (String[] m : new String[][] {{"salesforce", "salesforce"}, {"hubspot", "hubspot"},
                {"dataverse", "dynamics"}, {"dynamics", "dynamics"}, {"sap", "sap"}, {"netsuite", "netsuite"},
                {"coupa", "coupa"}, {"stripe", "stripe"}, {"workday", "workday"}}) {
            if (n.contains(m[0])) {
                return m[1];
            }
        }
        throw new AssertionError("sample provider '" + name + "' has no provider id; map it in this test");
    }

    static Stream<Arguments> cases() throws IOException {
        return samples().stream().map(s -> Arguments.of(s.get("provider").asText() + " " + s.get("status").asInt(),
                s));
    }

    static ErrorEnvelope classify(JsonNode sample) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        sample.get("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), List.of(h.getValue().asText())));
        return Providers.classify(providerId(sample.get("provider").asText()), sample.get("status").asInt(), headers,
                sample.get("body").asText().getBytes(StandardCharsets.UTF_8)).orElseThrow(() -> new AssertionError(
                "no envelope for " + sample.get("provider").asText()));
    }

    @Test
    void theFileHoldsEverySampleWeKnowOf() throws IOException {
        assertThat(samples()).hasSizeGreaterThanOrEqualTo(18);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifiesTheSampleToItsExpectedCategoryAndReason(String name, JsonNode sample) {
        ErrorEnvelope e = classify(sample);

        assertThat(e.category().wireName()).as(name).isEqualTo(sample.get("expected_category").asText());
        assertThat(e.httpStatus()).isEqualTo(sample.get("status").asInt());
        assertThat(e.provider()).isEqualTo(providerId(sample.get("provider").asText()));
        assertThat(e.message()).isNotBlank();
        if (sample.hasNonNull("reason")) {
            assertThat(e.reason()).as(name).isEqualTo(sample.get("reason").asText());
        }
    }

    @Test
    void readsTheProviderCodesTheAdaptersKnowBetterThanTheGenericReader() throws IOException {
        Map<String, String> codes = new LinkedHashMap<>();
        for (JsonNode s : samples()) {
            ErrorEnvelope e = classify(s);
            codes.put(s.get("provider").asText() + " " + s.get("status").asInt(), e.providerCode() + " | "
                    + e.reason());
        }

        assertThat(codes)
                .containsEntry("Stripe (Connect OAuth token endpoint) 400", "invalid_grant | token_revoked")
                .containsEntry("Salesforce REST API 400", "REQUIRED_FIELD_MISSING | http_status")
                .containsEntry("Microsoft Dataverse Web API ($batch) 400", "0x80044331 | http_status")
                .containsEntry("Stripe API 402", "invalid_expiry_year | card_error")
                .containsEntry("Oracle NetSuite REST Web Services 401", "INVALID_LOGIN | invalid_login");
    }
}
