package dev.outbound.gateway;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import java.time.Clock;

/**
 * The one way a call that is described wrongly fails: an {@link IntegrationException} of category
 * {@code validation_error}, reason {@code invalid_request}, whose message names the argument. A caller catching
 * {@code IntegrationException} around a call therefore also catches a bad id or header taken from its data, and
 * records it like any other failed call. Stateless.
 */
final class CallErrors {
    private CallErrors() {
    }

    static IntegrationException invalid(String provider, String customer, String operation, Clock clock,
                                        String message) {
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR)
                .provider(provider).customer(customer).operation(operation)
                .reason(Reasons.INVALID_REQUEST).message(message)
                .timestamp(clock.instant()).build());
    }
}
