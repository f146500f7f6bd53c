package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.spi.RateLimiter;

/**
 * Stage 5: takes a permit for the attempt and gives it back on every path; tells the limiter when the provider
 * itself answered "too many requests", so every worker of the account slows down, not just this one.
 */
final class RateLimitStage implements Interceptor {
    private final RateLimiter limiter;

    RateLimitStage(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        RateLimiter.Permit permit;
        try {
            permit = limiter.acquire(new RateLimiter.PermitRequest(call.account(), call.operation(), call.priority(),
                    call.deadline()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw call.fail(ErrorCategory.RATE_LIMITED, "interrupted", "interrupted while waiting for a permit");
        }
        try (permit) {
            return chain.proceed(chain.request());
        } catch (IntegrationException e) {
            if (e.category() == ErrorCategory.RATE_LIMITED && e.envelope().httpStatus() != 0) {
                limiter.onProviderRateLimit(call.account(), e.envelope());
            }
            throw e;
        }
    }
}
