package dev.outbound.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.providers.Providers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OAuth policy (RFC 6749 §5.2, RFC 6750 §3) refines the status's category, but an {@code invalid_request} sent
 * with 401 is a refused credential, not a malformed request: RFC 6750 §3.1 puts {@code invalid_request} on 400, so
 * a 401 carrying it means the server chose to refuse the token.
 */
class OAuthErrorsTest {

    private static ErrorEnvelope classify(int status, Map<String, List<String>> headers, String body) {
        return Providers.classify("generic", status, headers, body.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void anInvalidRequestAnsweredWith401StaysAnAuthFailureSoTheTokenIsRefreshed() {
        ErrorEnvelope inBody = classify(401, Map.of("Content-Type", List.of("application/json")),
                "{\"error\":\"invalid_request\",\"error_description\":\"no access token in the request\"}");
        ErrorEnvelope inChallenge = classify(401, Map.of("WWW-Authenticate",
                List.of("Bearer realm=\"example\", error=\"invalid_request\"")), "");
        ErrorEnvelope on400 = classify(400, Map.of("Content-Type", List.of("application/json")),
                "{\"error\":\"invalid_request\"}");

        assertThat(inBody.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(inChallenge.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(on400.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
    }
}
