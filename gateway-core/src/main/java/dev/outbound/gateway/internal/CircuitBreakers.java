package dev.outbound.gateway.internal;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.ProviderPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.util.Map;

/**
 * The Resilience4j circuit breakers of the gateway, one per provider and account, in a registry the gateway owns.
 * Only {@code SERVER_ERROR} and {@code TIMEOUT} count as failures; rate limits and auth failures are ignored (the
 * provider is up); every other outcome counts as a success. Thread-safe.
 */
public final class CircuitBreakers {
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final Clock clock;

    public CircuitBreakers(Clock clock) {
        this.clock = clock;
    }

    public CircuitBreaker forAccount(AccountKey account, ProviderPolicy policy) {
        return registry.circuitBreaker(name(account), () -> config(policy),
                Map.of("provider", account.provider(), "customer", account.customerId()));
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }

    /** Forgets an account's breaker (for accounts that are gone); returns whether there was one. */
    public boolean evict(AccountKey account) {
        return registry.remove(name(account)).isPresent();
    }

    static String name(AccountKey account) {
        return account.provider() + ":" + account.customerId();
    }

    private CircuitBreakerConfig config(ProviderPolicy policy) {
        return CircuitBreakerConfig.custom()
                .clock(clock)
                .failureRateThreshold(policy.circuitFailureRateThreshold())
                .minimumNumberOfCalls(policy.circuitMinimumCalls())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.circuitWindowSize())
                .waitDurationInOpenState(policy.circuitOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(policy.circuitHalfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(t -> t instanceof IntegrationException e && e.category().countsAsCircuitFailure())
                .ignoreException(t -> !(t instanceof IntegrationException e)
                        || e.category() == dev.outbound.errors.ErrorCategory.RATE_LIMITED
                        || e.category() == dev.outbound.errors.ErrorCategory.AUTH_FAILURE)
                .build();
    }
}
