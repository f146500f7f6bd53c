package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.spi.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 5: takes a permit for the attempt and gives it back on every path; tells the limiter when the provider
 * itself answered "too many requests", so every worker of the account slows down, not just this one.
 */
final class RateLimitStage implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger(RateLimitStage.class);
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
        try {
            return chain.proceed(chain.request());
        } catch (IntegrationException e) {
            if (e.category() == ErrorCategory.RATE_LIMITED && e.envelope().httpStatus() != 0
                    && !Reasons.SHOULD_RETRY.equals(e.envelope().reason())) {
                try {
                    limiter.onProviderRateLimit(call.account(), e.envelope());
                } catch (RuntimeException feedback) {
                    // The caller's failure is the provider's 429, not the limiter's trouble remembering it.
                    log.warn("rate limiter could not record the provider's pause for {}: {}", call.account(),
                            feedback.toString());
                }
            }
            throw e;
        } finally {
            release(call, permit);
        }
    }

    /** A permit that cannot be returned (backend gone) must not turn a finished call into a failure. */
    private static void release(CallState call, RateLimiter.Permit permit) {
        try {
            permit.close();
        } catch (RuntimeException e) {
            log.warn("rate limiter could not release the permit of {}: {}", call.account(), e.toString());
        }
    }
}
