package dev.outbound.providers.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.GenericErrorClassifier;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.RawErrorCapture;
import dev.outbound.errors.Reasons;
import dev.outbound.errors.spi.ErrorClassifier;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The base of every built-in classifier: the generic classifier gives the baseline (category from the status,
 * code and message from any body, {@code Retry-After}, bounded and redacted raw error), the OAuth policy refines
 * OAuth-shaped errors, then the provider's own {@link #refine} has the last word — including turning an HTTP 200
 * into an error. Whatever a subclass throws, the baseline is returned, so the never-throw contract holds.
 * Immutable and thread-safe.
 */
public abstract class ProviderClassifier implements ErrorClassifier {
    private final String providerId;
    private final Clock clock;
    private final GenericErrorClassifier generic;
    private final RawErrorCapture capture = RawErrorCapture.ofDefaults();

    protected ProviderClassifier(String providerId, Clock clock) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.generic = GenericErrorClassifier.builder().clock(clock).build();
    }

    public final String providerId() {
        return providerId;
    }

    protected final Clock clock() {
        return clock;
    }

    @Override
    public final Optional<ErrorEnvelope> classify(ProviderResponse response) {
        Objects.requireNonNull(response, "response");
        Optional<ErrorEnvelope> base;
        try {
            base = generic.classify(response);
        } catch (RuntimeException | StackOverflowError broken) {
            base = GenericErrorClassifier.categoryOf(response.status()).map(c -> ErrorEnvelope.builder(c)
                    .httpStatus(response.status()).reason(Reasons.HTTP_STATUS).timestamp(clock.instant()).build());
        }
        Optional<ErrorEnvelope> result = base;
        try {
            if (base.isPresent()) {
                base = Optional.of(OAuthErrors.refine(response, Bodies.json(response), base.get()));
            }
            result = refine(response, base);
        } catch (RuntimeException | StackOverflowError unreadable) {
            result = base; // the provider-specific reading failed: the status-based answer still stands
        }
        return result.map(e -> e.provider().isEmpty() ? e.toBuilder().provider(providerId).build() : e);
    }

    /**
     * The provider's reading of a response, given the baseline (empty for 2xx and 3xx). Return the baseline when
     * there is nothing to add. May throw on unexpected input; the baseline is used then.
     */
    protected abstract Optional<ErrorEnvelope> refine(ProviderResponse response, Optional<ErrorEnvelope> baseline);

    /** An error that came with a success status: body captured (bounded, redacted) like any error's. */
    protected final ErrorEnvelope errorInSuccessBody(ProviderResponse r, ErrorCategory category, String reason,
                                                     String code, String message) {
        String raw;
        try {
            raw = capture.capture(r);
        } catch (RuntimeException e) {
            raw = "";
        }
        return ErrorEnvelope.builder(category).provider(providerId).httpStatus(r.status()).reason(reason)
                .providerCode(Bodies.clean(code)).message(Bodies.clean(message)).rawError(raw)
                .timestamp(clock.instant()).build();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + providerId + "]";
    }
}
