package dev.outbound.providers.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.providers.Providers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Stripe-Should-Retry} turns Stripe's own retry advice into the envelope, as the official SDKs honour it
 * before the status (stripe-node @6639421 {@code src/RequestSender.ts}): {@code true} makes a conflict retryable,
 * {@code false} marks a retryable error with {@link StripeClassifier#SHOULD_NOT_RETRY}. The 409 body is
 * illustrative; the 503 body is the stripe-node fixture's.
 */
class StripeShouldRetryTest {
    private static final String CONFLICT = "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"This object "
            + "cannot be accessed right now because another API request or Stripe process is currently accessing "
            + "it.\"}}";
    private static final String UNAVAILABLE = "{\"error\":{\"message\":\"Service unavailable\"}}";

    private static ErrorEnvelope classify(int status, String shouldRetry, String body) {
        Map<String, List<String>> headers = shouldRetry == null ? Map.of("Content-Type", List.of("application/json"))
                : Map.of("Content-Type", List.of("application/json"), "Stripe-Should-Retry", List.of(shouldRetry));
        return Providers.classify("stripe", status, headers, body.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void aConflictStripeSaysToRetryIsBackedOffAndRetriedInsteadOfGivenUp() {
        ErrorEnvelope advised = classify(409, "true", CONFLICT);
        ErrorEnvelope plain = classify(409, null, CONFLICT);

        assertThat(advised.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(advised.reason()).isEqualTo(StripeClassifier.SHOULD_RETRY);
        assertThat(advised.httpStatus()).isEqualTo(409);
        assertThat(plain.category()).as("without the header a 409 stays a conflict").isEqualTo(ErrorCategory.CONFLICT);
    }

    @Test
    void aServerErrorStripeSaysNotToRetryKeepsItsCategoryAndSaysSo() {
        ErrorEnvelope advised = classify(503, "false", UNAVAILABLE);
        ErrorEnvelope told = classify(503, "true", UNAVAILABLE);

        assertThat(advised.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(advised.reason()).isEqualTo(StripeClassifier.SHOULD_NOT_RETRY);
        assertThat(told.reason()).as("true on an error that is retried anyway changes nothing")
                .isEqualTo("http_status");
    }
}
