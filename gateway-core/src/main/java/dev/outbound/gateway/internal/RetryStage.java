package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.spi.Sleeper;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 3: retries by error category on a Resilience4j {@link Retry} per provider. Resilience4j counts attempts,
 * decides with its predicate and computes the wait (exponential backoff with full jitter, at least the provider's
 * Retry-After, see {@link Retries}); this stage decides per call whether an error is eligible at all (idempotency,
 * one timeout retry, one auth retry after invalidating the credential) and never waits past the call's deadline.
 * The wait goes through the gateway's {@link Sleeper}, so tests run on a fake clock.
 */
final class RetryStage implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger("dev.outbound.retry");
    /** Reasons that mean "sending again cannot help now", whatever the category says. */
    private static final Set<String> FINAL_REASONS = Set.of(Reasons.CIRCUIT_OPEN, Reasons.HOST_NOT_ALLOWED,
            Reasons.DEADLINE_EXCEEDED, Reasons.LOCAL_QUOTA, Reasons.LIMITER_UNAVAILABLE, Reasons.QUOTA_EXHAUSTED,
            Reasons.TOKEN_REVOKED, Reasons.CREDENTIAL_UNAVAILABLE, Reasons.MALFORMED_RESPONSE, "interrupted",
            Reasons.INSECURE_REDIRECT, Reasons.RESPONSE_TOO_LARGE, Reasons.INFLATION_RATIO_EXCEEDED,
            Reasons.SHOULD_NOT_RETRY);

    private final Retries retries;
    private final CredentialResolver credentials;
    private final Sleeper sleeper;
    private final MeterRegistry registry;

    RetryStage(Retries retries, CredentialResolver credentials, Sleeper sleeper, MeterRegistry registry) {
        this.retries = retries;
        this.credentials = credentials;
        this.sleeper = sleeper;
        this.registry = registry;
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        Retry.AsyncContext<IntegrationResponse> context = retries.forProvider(call).asyncContext();
        boolean timeoutRetried = false;
        boolean authRetried = false;
        while (true) {
            call.startAttempt();
            IntegrationException failure;
            try {
                IntegrationResponse response = chain.proceed(chain.request());
                context.onComplete();
                return response;
            } catch (IntegrationException e) {
                failure = e;
            }
            ErrorEnvelope envelope = failure.envelope();
            ErrorCategory category = envelope.category();
            boolean eligible = call.retryAllowed()
                    && !FINAL_REASONS.contains(envelope.reason())
                    && !Thread.currentThread().isInterrupted()
                    && switch (category.retryStrategy()) {
                        case NONE -> false;
                        case BACKOFF -> true;
                        case ONCE -> !timeoutRetried;
                        case REFRESH_THEN_RETRY_ONCE -> !authRetried;
                    };
            if (category == ErrorCategory.AUTH_FAILURE && authRetried && envelope.httpStatus() != 0) {
                // The provider rejected the credential refreshed for this retry too: the manager counts such
                // cycles and stops refreshing an account that keeps being rejected.
                credentials.rejectedAfterRefresh(call.account());
            }
            long waitMillis = context.onError(eligible ? new Retries.RetryableFailure(failure) : failure);
            if (waitMillis < 0) {
                throw failure;
            }
            Duration wait = Duration.ofMillis(waitMillis);
            if (wait.compareTo(call.remaining()) >= 0) {
                log.info("not retrying {} on {}: waiting {} ms would pass the call's deadline", category.wireName(),
                        call.account(), waitMillis);
                throw failure;
            }
            if (category == ErrorCategory.TIMEOUT) {
                timeoutRetried = true;
            }
            if (category == ErrorCategory.AUTH_FAILURE) {
                authRetried = true;
                credentials.invalidate(call.account());
            }
            registry.counter(OutboundMetrics.RETRIES, OutboundMetrics.TAG_PROVIDER, call.account().provider(),
                    OutboundMetrics.TAG_CUSTOMER, call.account().customerId(),
                    OutboundMetrics.TAG_CATEGORY, category.wireName()).increment();
            log.info("retrying after {} (attempt {} of {}) in {} ms", category.wireName(), call.attempt(),
                    call.policy().maxAttempts(), waitMillis);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw call.fail(ErrorEnvelope.builder(category).reason("interrupted")
                        .message("interrupted while waiting to retry").httpStatus(envelope.httpStatus()));
            }
        }
    }
}
