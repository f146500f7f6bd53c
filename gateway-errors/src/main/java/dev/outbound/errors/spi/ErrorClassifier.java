package dev.outbound.errors.spi;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import java.util.Optional;

/**
 * Turns a provider's response into an {@link ErrorEnvelope}, or says it is a success. Adapters implement this for
 * their provider's error shapes and usually delegate what they do not recognise to the generic classifier.
 *
 * <p>Implementations must be thread-safe and must never throw: a body they cannot read still yields an envelope
 * (its category from the status). The envelope they return has no call context (customer, operation, attempt);
 * the pipeline adds that.
 */
@FunctionalInterface
public interface ErrorClassifier {

    /** Empty for a success; otherwise the error, bounded and redacted. */
    Optional<ErrorEnvelope> classify(ProviderResponse response);
}
