package dev.outbound.providers.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Reasons;
import dev.outbound.providers.internal.Bodies;
import dev.outbound.providers.internal.Envelopes;
import dev.outbound.providers.internal.ProviderClassifier;
import java.time.Clock;
import java.util.Optional;

/**
 * Reads Stripe errors (PROVIDERS.md §8), following the official SDKs where the status alone misleads:
 * <ul>
 *   <li>{@code code: rate_limit} (v1, sent with HTTP 400) or v2 {@code type: rate_limit} is {@code rate_limited};
 *       429 too;</li>
 *   <li>{@code type: idempotency_error} is {@code conflict}/{@code idempotency_conflict} (the same key reused with
 *       other parameters); other 409s stay {@code conflict};</li>
 *   <li>v2 {@code type: temporary_session_expired} is {@code auth_failure}/{@code temporary_session_expired}: the
 *       meter-event session must be re-created, the API key is fine;</li>
 *   <li>402 (card declined and the like) is {@code validation_error} with the error's {@code code} (or
 *       {@code decline_code}); 403 {@code auth_failure}/{@code permission_denied}; 424 (an external dependency
 *       failed) {@code server_error};</li>
 *   <li>HTTP 200 whose body is not valid JSON is {@code server_error}/{@code malformed_response} — the SDKs raise
 *       an API error for it;</li>
 *   <li>Connect OAuth errors ({@code invalid_grant} ...) follow the OAuth policy.</li>
 * </ul>
 * {@code Stripe-Should-Retry}, which the official SDKs honour before anything else (stripe-node @6639421
 * {@code src/RequestSender.ts}), is read last:
 * <ul>
 *   <li>{@code true} on an error the pipeline would not retry (a 409 lock or idempotency-key-in-use conflict, or
 *       any other category without a retry strategy) makes it {@code rate_limited}/{@code should_retry}: backed
 *       off and retried, honouring {@code Retry-After}. {@code rate_limited} is the one retried category that
 *       does not count against the circuit breaker; the rate-limit stage does not pause the account for this
 *       reason, since Stripe did not say the account is over a limit;</li>
 *   <li>{@code false} on an error the pipeline would retry (5xx, 429, a timeout) keeps the category and sets the
 *       reason {@value #SHOULD_NOT_RETRY}, which the retry stage treats as final.</li>
 * </ul>
 * Immutable and thread-safe; never throws.
 */
public final class StripeClassifier extends ProviderClassifier {
    /** The reason of a retryable error that Stripe said not to retry ({@code Stripe-Should-Retry: false}). */
    public static final String SHOULD_NOT_RETRY = Reasons.SHOULD_NOT_RETRY;
    /** The reason of an error Stripe said to retry ({@code Stripe-Should-Retry: true}). */
    public static final String SHOULD_RETRY = Reasons.SHOULD_RETRY;

    public StripeClassifier(Clock clock) {
        super(StripeAdapter.ID, clock);
    }

    @Override
    protected Optional<ErrorEnvelope> refine(ProviderResponse r, Optional<ErrorEnvelope> baseline) {
        if (baseline.isEmpty()) {
            if (r.status() == 200 && r.body().length > 0 && r.body().length <= 8 * 1024 * 1024
                    && !r.bodyTruncated() && !Bodies.isValidJson(r.body())) {
                return Optional.of(errorInSuccessBody(r, ErrorCategory.SERVER_ERROR, Reasons.MALFORMED_RESPONSE,
                        "", "HTTP 200 with a body that is not valid JSON"));
            }
            return baseline;
        }
        ErrorEnvelope e = baseline.get();
        Optional<JsonNode> tree = Bodies.json(r);
        JsonNode error = tree.map(t -> t.get("error")).filter(JsonNode::isObject).orElse(null);
        String text = tree.isPresent() ? "" : Bodies.text(r);
        String type = error != null ? Bodies.at(error, "type") : Bodies.stringField(text, "type").orElse("");
        String code = error != null ? Bodies.at(error, "code") : Bodies.stringField(text, "code").orElse("");
        String decline = error != null ? Bodies.at(error, "decline_code") : "";
        ErrorEnvelope result;
        if (code.equals("rate_limit") || type.equals("rate_limit")) {
            result = Envelopes.recategorize(e, ErrorCategory.RATE_LIMITED, Reasons.HTTP_STATUS);
        } else if (type.equals("idempotency_error")) {
            result = Envelopes.recategorize(e, ErrorCategory.CONFLICT, "idempotency_conflict");
        } else if (type.equals("temporary_session_expired")) {
            result = Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, "temporary_session_expired");
        } else if (r.status() == 402) {
            result = Envelopes.recategorize(e, ErrorCategory.VALIDATION_ERROR,
                    type.equals("card_error") || type.isEmpty() ? "card_error" : e.reason());
        } else if (r.status() == 424) {
            result = Envelopes.recategorize(e, ErrorCategory.SERVER_ERROR, "external_dependency_failed");
        } else {
            result = e;
        }
        String providerCode = !code.isEmpty() ? code : !decline.isEmpty() ? decline : type;
        if (!providerCode.isEmpty() && error != null) {
            result = result.toBuilder().providerCode(Bodies.clean(providerCode)).build();
        }
        return Optional.of(shouldRetry(r, result));
    }

    private static ErrorEnvelope shouldRetry(ProviderResponse r, ErrorEnvelope e) {
        String header = r.header("Stripe-Should-Retry").orElse("").strip();
        boolean retried = e.category().retryStrategy() != ErrorCategory.RetryStrategy.NONE;
        if (header.equalsIgnoreCase("true") && !retried) {
            return Envelopes.recategorize(e, ErrorCategory.RATE_LIMITED, SHOULD_RETRY);
        }
        if (header.equalsIgnoreCase("false") && retried && e.category() != ErrorCategory.AUTH_FAILURE) {
            return Envelopes.recategorize(e, e.category(), SHOULD_NOT_RETRY);
        }
        return e;
    }
}
