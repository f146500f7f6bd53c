package dev.outbound.providers.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;

/** Small operations on envelopes that the classifiers share. Stateless. */
public final class Envelopes {
    private Envelopes() {
    }

    /** A copy with another category and reason; everything else is kept. */
    public static ErrorEnvelope recategorize(ErrorEnvelope e, ErrorCategory category, String reason) {
        return new ErrorEnvelope(e.provider(), e.customer(), e.operation(), e.httpStatus(), category, reason,
                e.providerCode(), e.message(), e.rawError(), e.retryAfter(), e.attempt(), e.maxAttempts(),
                e.correlationId(), e.timestamp());
    }
}
