package dev.outbound.providers.internal;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import java.time.Clock;
import java.util.Optional;

/**
 * The classifier of the {@code generic} id: the generic status mapping and body reading, with the OAuth policy on
 * top (applied by the base class). For any API without an adapter of its own. Immutable and thread-safe.
 */
public final class GenericProviderClassifier extends ProviderClassifier {
    public GenericProviderClassifier(String providerId, Clock clock) {
        super(providerId, clock);
    }

    @Override
    protected Optional<ErrorEnvelope> refine(ProviderResponse response, Optional<ErrorEnvelope> baseline) {
        return baseline;
    }
}
