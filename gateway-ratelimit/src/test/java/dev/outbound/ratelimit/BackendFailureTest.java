package dev.outbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import static dev.outbound.ratelimit.RateLimiterCompatibilityTest.perProvider;
import static dev.outbound.ratelimit.RateLimiterCompatibilityTest.rejection;
import static dev.outbound.ratelimit.RateLimiterCompatibilityTest.slots;
import static dev.outbound.ratelimit.RateLimiterCompatibilityTest.tokens;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Priority;
import dev.outbound.gateway.spi.RateLimiter.Permit;
import dev.outbound.gateway.spi.RateLimiter.PermitRequest;
import dev.outbound.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the limiter does when its backend is down, with a local backend switched to fail like Redis would. */
class BackendFailureTest {
    private static final AccountKey ACME = RateLimiterCompatibilityTest.ACME;
    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private PermitRequest request(AccountKey account, Duration deadlineIn) {
        return new PermitRequest(account, "sync", Priority.NORMAL, clock.instant().plus(deadlineIn));
    }

    @Test
    void failsClosedWithLimiterUnavailableAndCountsIt() throws Exception {
        RateLimitBackendView backend = new RateLimitBackendView(LocalRateLimitBackend.builder().clock(clock).build());
        BucketRateLimiter limiter = BucketRateLimiter.builder().limits(perProvider(tokens(10, Duration.ofSeconds(10))))
                .backend(backend).clock(clock).sleeper(clock).meterRegistry(registry).build();
        backend.down(true);

        IntegrationException e = rejection(() -> limiter.acquire(request(ACME, Duration.ofSeconds(30))));

        assertThat(e.envelope().reason()).isEqualTo(Reasons.LIMITER_UNAVAILABLE);
        assertThat(registry.counter(RateLimitMetrics.BACKEND_FAILURES, "backend", "local", "action",
                RateLimitMetrics.ACTION_FAIL_CLOSED).count()).isEqualTo(1);
        backend.down(false);
        clock.advance(Duration.ofSeconds(5));
        limiter.acquire(request(ACME, Duration.ZERO)).close();
    }

    @Test
    void fallsBackToAConservativeShareOfTheLimitAndReturnsToTheBackend() throws Exception {
        RateLimitBackendView backend = new RateLimitBackendView(LocalRateLimitBackend.builder().clock(clock).build());
        BucketRateLimiter limiter = BucketRateLimiter.builder().limits(perProvider(tokens(10, Duration.ofSeconds(10))))
                .backend(backend).clock(clock).sleeper(clock).meterRegistry(registry)
                .onBackendFailure(BackendFailurePolicy.fallBackToLocal(0.3)).build();
        backend.down(true);

        for (int i = 0; i < 3; i++) {
            limiter.acquire(request(ACME, Duration.ZERO)).close();
        }
        IntegrationException e = rejection(() -> limiter.acquire(request(ACME, Duration.ZERO)));
        assertThat(e.envelope().reason()).isEqualTo(Reasons.LOCAL_QUOTA);
        assertThat(registry.counter(RateLimitMetrics.BACKEND_FAILURES, "backend", "local", "action",
                RateLimitMetrics.ACTION_LOCAL_FALLBACK).count()).isEqualTo(4);

        backend.down(false);
        clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            limiter.acquire(request(ACME, Duration.ZERO)).close();
        }
        rejection(() -> limiter.acquire(request(ACME, Duration.ZERO)));
    }

    @Test
    void aDownBackendLeavesConcurrencyToTheLocalShare() throws Exception {
        RateLimitBackendView backend = new RateLimitBackendView(LocalRateLimitBackend.builder().clock(clock).build());
        BucketRateLimiter limiter = BucketRateLimiter.builder().limits(perProvider(slots(4)))
                .backend(backend).clock(clock).sleeper(clock).meterRegistry(registry)
                .onBackendFailure(BackendFailurePolicy.fallBackToLocal(0.5)).build();
        backend.down(true);

        Permit a = limiter.acquire(request(ACME, Duration.ZERO));
        Permit b = limiter.acquire(request(ACME, Duration.ZERO));
        rejection(() -> limiter.acquire(request(ACME, Duration.ZERO)));
        a.close();
        limiter.acquire(request(ACME, Duration.ZERO)).close();
        b.close();
    }
}
