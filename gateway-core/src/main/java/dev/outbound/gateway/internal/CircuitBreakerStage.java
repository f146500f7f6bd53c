package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.IntegrationResponse;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Stage 4: the account's circuit breaker. An open circuit fails the attempt at once with {@code SERVER_ERROR}
 * reason {@code circuit_open}, which the retry stage does not retry.
 */
final class CircuitBreakerStage implements Interceptor {
    private final CircuitBreakers breakers;

    CircuitBreakerStage(CircuitBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        CircuitBreaker breaker = breakers.forAccount(call.account(), call.policy());
        if (!breaker.tryAcquirePermission()) {
            throw call.fail(ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR)
                    .reason(Reasons.CIRCUIT_OPEN)
                    .message("circuit " + breaker.getState().name().toLowerCase(java.util.Locale.ROOT) + " for "
                            + call.account() + " after " + breaker.getMetrics().getNumberOfFailedCalls()
                            + " failed of " + breaker.getMetrics().getNumberOfBufferedCalls()
                            + " recent calls; failing fast")
                    .retryAfter(call.policy().circuitOpenDuration()));
        }
        long start = breaker.getCurrentTimestamp();
        try {
            IntegrationResponse response = chain.proceed(chain.request());
            breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
            return response;
        } catch (RuntimeException | Error e) {
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            throw e;
        }
    }

}
