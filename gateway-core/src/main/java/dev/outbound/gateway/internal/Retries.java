package dev.outbound.gateway.internal;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.ProviderPolicy;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Resilience4j retries of the gateway, one per provider, held in a registry the gateway owns. Thread-safe.
 */
final class Retries {
    private final RetryRegistry registry = RetryRegistry.ofDefaults();

    Retry forProvider(CallState call) {
        String provider = call.account().provider();
        ProviderPolicy policy = call.policy();
        return registry.retry(provider, () -> config(policy), Map.of("provider", provider));
    }

    RetryRegistry registry() {
        return registry;
    }

    static RetryConfig config(ProviderPolicy policy) {
        return RetryConfig.<Object>custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnException(t -> t instanceof RetryableFailure)
                .intervalBiFunction(backoff(policy))
                .failAfterMaxAttempts(false)
                .build();
    }

    /**
     * Exponential backoff with full jitter: a uniform wait in [0, min(max, base * 2^(n-1))], raised to the
     * provider's Retry-After when it asked for longer.
     */
    static IntervalBiFunction<Object> backoff(ProviderPolicy policy) {
        long base = policy.baseBackoff().toMillis();
        long max = policy.maxBackoff().toMillis();
        return (attempt, either) -> {
            int shift = Math.min(Math.max(attempt - 1, 0), 30);
            long cap = Math.min(max, base << shift);
            long wait = ThreadLocalRandom.current().nextLong(cap + 1);
            if (either.isLeft() && either.getLeft() instanceof RetryableFailure f) {
                long retryAfter = f.cause().envelope().retryAfter().map(Duration::toMillis).orElse(0L);
                wait = Math.max(wait, retryAfter);
            }
            return wait;
        };
    }

    /** Marks a failure this call may retry; only these pass the Resilience4j retry predicate. */
    static final class RetryableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient IntegrationException cause;

        RetryableFailure(IntegrationException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }

        IntegrationException cause() {
            return cause;
        }
    }
}
