package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorEnvelopeTest {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static ErrorEnvelope salesforceSessionExpired() {
        return ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                .provider("salesforce").customer("acme").operation("sync-accounts")
                .httpStatus(401).reason(Reasons.TOKEN_EXPIRED).providerCode("INVALID_SESSION_ID")
                .message("Session expired or invalid").attempt(2, 3)
                .build();
    }

    @Test
    void summarisesAsTheDocumentedOneLiner() {
        assertThat(salesforceSessionExpired().summary()).isEqualTo("auth_failure on acme/salesforce (sync-accounts): "
                + "INVALID_SESSION_ID Session expired or invalid [HTTP 401, attempt 2 of 3]");
    }

    @Test
    void exceptionMessageIsTheSummary() {
        IntegrationException ex = new IntegrationException(salesforceSessionExpired());

        assertThat(ex.getMessage()).isEqualTo("auth_failure on acme/salesforce (sync-accounts): INVALID_SESSION_ID "
                + "Session expired or invalid [HTTP 401, attempt 2 of 3]");
        assertThat(ex.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(ex.envelope().reason()).isEqualTo(Reasons.TOKEN_EXPIRED);
    }

    @Test
    void showsTheReasonWhenThereIsNoMessage() {
        ErrorEnvelope e = ErrorEnvelope.builder(ErrorCategory.RATE_LIMITED).provider("hubspot").customer("acme")
                .reason(Reasons.LOCAL_QUOTA).retryAfter(Duration.ofSeconds(5)).build();

        assertThat(e.summary()).isEqualTo("rate_limited on acme/hubspot: local_quota [no HTTP response, retry after 5s]");
    }

    @Test
    void roundTripsThroughJsonWithSnakeCaseNames() throws Exception {
        ErrorEnvelope e = salesforceSessionExpired().toBuilder().retryAfter(Duration.ofMillis(1500))
                .correlationId("c-123").rawError("[{\"errorCode\":\"INVALID_SESSION_ID\"}]")
                .timestamp(Instant.parse("2025-03-01T12:00:00Z")).build();

        String json = mapper.writeValueAsString(e);
        JsonNode tree = mapper.readTree(json);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactly("provider", "customer", "operation", "http_status", "category", "reason",
                "provider_code", "message", "retry_after_ms", "attempt", "max_attempts", "correlation_id",
                "timestamp", "raw_error");
        assertThat(tree.get("category").asText()).isEqualTo("auth_failure");
        assertThat(tree.get("retry_after_ms").asLong()).isEqualTo(1500);
        assertThat(tree.get("timestamp").asText()).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(mapper.readValue(json, ErrorEnvelope.class)).isEqualTo(e);
    }

    @Test
    void leavesEmptyFieldsOutOfJson() throws Exception {
        ErrorEnvelope e = ErrorEnvelope.builder(ErrorCategory.TIMEOUT).reason(Reasons.READ_TIMEOUT)
                .timestamp(Instant.parse("2025-03-01T12:00:00Z")).build();

        JsonNode tree = mapper.readTree(mapper.writeValueAsString(e));

        assertThat(tree.has("retry_after_ms")).isFalse();
        assertThat(tree.has("provider_code")).isFalse();
        assertThat(mapper.readValue(mapper.writeValueAsString(e), ErrorEnvelope.class)).isEqualTo(e);
    }

    @Test
    void aProviderMessageCannotBreakOrReorderTheSummaryLine() {
        ErrorEnvelope e = ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR).provider("crm").customer("acme")
                .message("oops\u2028INFO forged\u0085x\u202egnp.exe").providerCode("E\u2029X").build();

        assertThat(e.summary()).doesNotContain("\u2028", "\u2029", "\u0085", "\u202e")
                .contains("oops\\u2028INFO forged");
        assertThat(new IntegrationException(e).getMessage()).isEqualTo(e.summary());
    }
}
