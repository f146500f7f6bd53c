package dev.outbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Priority;
import dev.outbound.gateway.spi.RateLimiter.Permit;
import dev.outbound.gateway.spi.RateLimiter.PermitRequest;
import dev.outbound.gateway.spi.Sleeper;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import dev.outbound.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend must show, run against each (Bucket4j's TCK idea): local, Redis and PostgreSQL
 * subclasses only say how to make a backend "node" and how to clean up. Every limiter of a test shares one fake
 * clock, so no test waits for real time; several limiters on backends of the same store stand for several gateway
 * nodes.
 */
abstract class RateLimiterCompatibilityTest {
    static final AccountKey ACME = AccountKey.of("hubspot", "acme");
    static final AccountKey GLOBEX = AccountKey.of("hubspot", "globex");
    static final AccountKey INITECH = AccountKey.of("hubspot", "initech");

    protected final FakeClock clock = new FakeClock(Instant.parse("2026-03-02T10:00:00Z"));
    protected final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<BucketRateLimiter> limiters = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    /** A backend on the shared store, as one more gateway node would have; it must follow {@code clock}. */
    protected abstract RateLimitBackend newNode(Clock clock);

    @AfterEach
    void closeLimiters() {
        threads.shutdownNow();
        limiters.forEach(BucketRateLimiter::close);
    }

    BucketRateLimiter limiter(RateLimits limits) {
        return limiter(limits, clock);
    }

    BucketRateLimiter limiter(RateLimits limits, Sleeper sleeper) {
        return limiter(BucketRateLimiter.builder().limits(limits).sleeper(sleeper));
    }

    BucketRateLimiter limiter(BucketRateLimiter.Builder builder) {
        BucketRateLimiter limiter = builder.backend(newNode(clock)).clock(clock).meterRegistry(registry).build();
        limiters.add(limiter);
        return limiter;
    }

    PermitRequest request(AccountKey account, Duration deadlineIn) {
        return request(account, Priority.NORMAL, deadlineIn);
    }

    PermitRequest request(AccountKey account, Priority priority, Duration deadlineIn) {
        return new PermitRequest(account, "sync-contacts", priority, clock.instant().plus(deadlineIn));
    }

    static RateLimits perProvider(RateLimitSpec spec) {
        return RateLimits.builder().provider("hubspot", spec).build();
    }

    static RateLimitSpec tokens(long limit, Duration period) {
        return RateLimitSpec.builder()
                .bandwidth(Bandwidth.builder().capacity(limit).refill(limit, period).intervally().build()).build();
    }

    static RateLimitSpec slots(int max) {
        return RateLimitSpec.builder().maxConcurrent(max).build();
    }

    static IntegrationException rejection(ThrowingCall call) {
        IntegrationException e = catchThrowableOfType(IntegrationException.class, call::run);
        assertThat(e).as("expected the limiter to refuse the call").isNotNull();
        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        return e;
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    static ErrorEnvelope tooManyRequests(Duration retryAfter, String reason) {
        return ErrorEnvelope.builder(ErrorCategory.RATE_LIMITED).provider("hubspot").httpStatus(429)
                .reason(reason).retryAfter(retryAfter).build();
    }

    @Test
    void admitsUpToTheLimitThenFailsFastWithLocalQuotaAndTheRefillEstimate() throws Exception {
        BucketRateLimiter limiter = limiter(perProvider(tokens(5, Duration.ofSeconds(10))));
        for (int i = 0; i < 5; i++) {
            limiter.acquire(request(ACME, Duration.ZERO)).close();
        }

        IntegrationException e = rejection(() -> limiter.acquire(request(ACME, Duration.ofSeconds(1))));

        assertThat(e.envelope().reason()).isEqualTo(Reasons.LOCAL_QUOTA);
        assertThat(e.envelope().retryAfter()).hasValue(Duration.ofSeconds(10));
        assertThat(e.envelope().httpStatus()).isZero();
        assertThat(clock.sleeps()).as("a wait that cannot fit the deadline is not started").isEmpty();
        assertThat(registry.counter(RateLimitMetrics.REJECTIONS, "provider", "hubspot", "customer", "acme",
                "reason", Reasons.LOCAL_QUOTA).count()).isEqualTo(1);
    }

    @Test
    void waitsForTheRefillWhenItComesBeforeTheDeadline() throws Exception {
        BucketRateLimiter limiter = limiter(perProvider(tokens(5, Duration.ofSeconds(10))));
        for (int i = 0; i < 5; i++) {
            limiter.acquire(request(ACME, Duration.ZERO)).close();
        }

        limiter.acquire(request(ACME, Duration.ofSeconds(15))).close();

        assertThat(clock.totalSlept()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everyBandwidthOfTheBucketMustHaveAToken() throws Exception {
        RateLimitSpec spec = RateLimitSpec.builder()
                .bandwidth(Bandwidth.of(100, Duration.ofSeconds(10)))
                .bandwidth(Bandwidth.builder().name("daily").capacity(3).refill(3, Duration.ofDays(1)).intervally()
                        .build())
                .build();
        BucketRateLimiter limiter = limiter(perProvider(spec));
        for (int i = 0; i < 3; i++) {
            limiter.acquire(request(ACME, Duration.ZERO)).close();
        }

        IntegrationException e = rejection(() -> limiter.acquire(request(ACME, Duration.ofMinutes(1))));

        assertThat(e.envelope().retryAfter()).hasValueSatisfying(
                d -> assertThat(d).isGreaterThan(Duration.ofHours(23)));
    }

    @Test
    void aCustomerOverrideReplacesTheProviderDefault() throws Exception {
        BucketRateLimiter limiter = limiter(RateLimits.builder()
                .provider("hubspot", tokens(1, Duration.ofMinutes(1)))
                .customer(GLOBEX, tokens(3, Duration.ofMinutes(1)))
                .build());

        for (int i = 0; i < 3; i++) {
            limiter.acquire(request(GLOBEX, Duration.ZERO)).close();
        }
        limiter.acquire(request(ACME, Duration.ZERO)).close();

        rejection(() -> limiter.acquire(request(GLOBEX, Duration.ZERO)));
        rejection(() -> limiter.acquire(request(ACME, Duration.ZERO)));
    }

    @Test
    void anAppBucketIsSharedByEveryCustomerOfTheAppAcrossNodes() throws Exception {
        RateLimits limits = RateLimits.builder()
                .app("hubspot", "private-app", tokens(3, Duration.ofSeconds(10)))
                .assignToApp(ACME, "private-app")
                .assignToApp(GLOBEX, "private-app")
                .build();
        BucketRateLimiter node1 = limiter(limits);
        BucketRateLimiter node2 = limiter(limits);

        node1.acquire(request(ACME, Duration.ZERO)).close();
        node2.acquire(request(ACME, Duration.ZERO)).close();
        node2.acquire(request(GLOBEX, Duration.ZERO)).close();

        IntegrationException e = rejection(() -> node1.acquire(request(GLOBEX, Duration.ZERO)));
        assertThat(e.envelope().reason()).isEqualTo(Reasons.LOCAL_QUOTA);
        node1.acquire(request(INITECH, Duration.ZERO)).close();
    }

    @Test
    void aConcurrencyCapHoldsAcrossThreeLimiterInstances() throws Exception {
        RateLimits limits = perProvider(slots(2));
        BucketRateLimiter node1 = limiter(limits);
        BucketRateLimiter node2 = limiter(limits);
        BucketRateLimiter node3 = limiter(limits);

        Permit first = node1.acquire(request(ACME, Duration.ofSeconds(30)));
        Permit second = node2.acquire(request(ACME, Duration.ofSeconds(30)));
        IntegrationException e = rejection(() -> node3.acquire(request(ACME, Duration.ofMillis(100))));
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CONCURRENCY_LIMIT);
        node3.acquire(request(GLOBEX, Duration.ZERO)).close();

        first.close();
        Permit third = node3.acquire(request(ACME, Duration.ZERO));
        rejection(() -> node1.acquire(request(ACME, Duration.ZERO)));
        second.close();
        third.close();
    }

    @Test
    void theSlotsOfADeadNodeComeBackWhenTheirLeasesExpire() throws Exception {
        RateLimits limits = perProvider(slots(1));
        BucketRateLimiter dead = limiter(BucketRateLimiter.builder().limits(limits).sleeper(clock)
                .leaseDuration(Duration.ofMinutes(1), Duration.ofSeconds(5)));
        BucketRateLimiter alive = limiter(limits);
        dead.acquire(request(ACME, Duration.ofSeconds(10)));

        rejection(() -> alive.acquire(request(ACME, Duration.ZERO)));
        clock.advance(Duration.ofSeconds(16));

        alive.acquire(request(ACME, Duration.ZERO)).close();
    }

    @Test
    void permitsGiveTheirSlotBackOnSuccessOnErrorAndOnlyOnce() throws Exception {
        BucketRateLimiter limiter = limiter(perProvider(slots(2)));

        try (Permit ignored = limiter.acquire(request(ACME, Duration.ZERO))) {
            assertThat(ignored).isNotNull();
        }
        assertThatThrownBy(() -> {
            try (Permit ignored = limiter.acquire(request(ACME, Duration.ZERO))) {
                throw new IllegalStateException("the call failed");
            }
        }).isInstanceOf(IllegalStateException.class);

        Permit a = limiter.acquire(request(ACME, Duration.ZERO));
        Permit b = limiter.acquire(request(ACME, Duration.ZERO));
        a.close();
        a.close();
        Permit c = limiter.acquire(request(ACME, Duration.ZERO));
        rejection(() -> limiter.acquire(request(ACME, Duration.ZERO)));
        b.close();
        c.close();
    }

    @Test
    void aCallRefusedAtItsDeadlineHoldsNoSlot() throws Exception {
        RateLimits limits = RateLimits.builder()
                .provider("hubspot", slots(1))
                .app("hubspot", "private-app", tokens(1, Duration.ofSeconds(10)))
                .assignToApp(ACME, "private-app")
                .build();
        BucketRateLimiter limiter = limiter(limits);
        limiter.acquire(request(ACME, Duration.ZERO)).close();

        rejection(() -> limiter.acquire(request(ACME, Duration.ofSeconds(1))));
        clock.advance(Duration.ofSeconds(10));

        limiter.acquire(request(ACME, Duration.ZERO)).close();
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueAndHoldsNothing() throws Exception {
        ManualSleeper sleeper = new ManualSleeper(clock);
        RateLimitSpec spec = tokens(1, Duration.ofSeconds(10)).toBuilder().maxConcurrent(1).build();
        BucketRateLimiter limiter = limiter(perProvider(spec), sleeper);
        limiter.acquire(request(ACME, Duration.ZERO)).close();

        Future<Permit> waiting = threads.submit(() -> limiter.acquire(request(ACME, Duration.ofMinutes(1))));
        sleeper.awaitSleepers(1);
        waiting.cancel(true);
        sleeper.awaitSleepers(0);
        awaitNoWaiters(limiter);

        clock.advance(Duration.ofSeconds(10));
        limiter.acquire(request(ACME, Duration.ZERO)).close();
    }

    @Test
    void realtimeCallsGoBeforeBackgroundCallsWhenTokensRunShort() throws Exception {
        ManualSleeper sleeper = new ManualSleeper(clock);
        BucketRateLimiter limiter = limiter(perProvider(tokens(1, Duration.ofSeconds(1))), sleeper);
        limiter.acquire(request(ACME, Duration.ZERO)).close();
        List<Priority> order = java.util.Collections.synchronizedList(new ArrayList<>());

        Future<?> background = threads.submit(() -> take(limiter, Priority.BACKGROUND, order));
        sleeper.awaitSleepers(1);
        Future<?> realtime = threads.submit(() -> take(limiter, Priority.REALTIME, order));
        sleeper.awaitSleepers(2);

        clock.advance(Duration.ofSeconds(1));
        realtime.get(10, TimeUnit.SECONDS);
        sleeper.awaitSleepers(1);
        assertThat(order).containsExactly(Priority.REALTIME);

        clock.advance(Duration.ofSeconds(1));
        background.get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactly(Priority.REALTIME, Priority.BACKGROUND);
    }

    private Void take(BucketRateLimiter limiter, Priority priority, List<Priority> order) throws Exception {
        limiter.acquire(request(ACME, priority, Duration.ofMinutes(1))).close();
        order.add(priority);
        return null;
    }

    @Test
    void aProviderRateLimitPausesTheAccountOnEveryNode() throws Exception {
        RateLimits limits = perProvider(tokens(100, Duration.ofSeconds(10)));
        BucketRateLimiter told = limiter(limits);
        BucketRateLimiter other = limiter(limits);

        told.onProviderRateLimit(ACME, tooManyRequests(Duration.ofSeconds(30), Reasons.HTTP_STATUS));

        IntegrationException e = rejection(() -> other.acquire(request(ACME, Duration.ofSeconds(5))));
        assertThat(e.envelope().reason()).isEqualTo(Reasons.LOCAL_QUOTA);
        assertThat(e.envelope().retryAfter()).hasValue(Duration.ofSeconds(30));
        other.acquire(request(GLOBEX, Duration.ZERO)).close();

        other.acquire(request(ACME, Duration.ofMinutes(1))).close();
        assertThat(clock.totalSlept()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aProviderRateLimitWithoutRetryAfterPausesForTheSpecsFeedbackPause() throws Exception {
        RateLimitSpec spec = RateLimitSpec.builder().feedbackPause(Duration.ofSeconds(7)).build();
        BucketRateLimiter limiter = limiter(perProvider(spec));

        limiter.onProviderRateLimit(ACME, tooManyRequests(null, Reasons.HTTP_STATUS));

        IntegrationException e = rejection(() -> limiter.acquire(request(ACME, Duration.ZERO)));
        assertThat(e.envelope().retryAfter()).hasValue(Duration.ofSeconds(7));
    }

    @Test
    void anExhaustedDailyQuotaBlocksUntilMidnightInTheQuotaZone() throws Exception {
        BucketRateLimiter limiter = limiter(perProvider(tokens(100, Duration.ofSeconds(10))));

        limiter.onProviderRateLimit(ACME, tooManyRequests(null, Reasons.QUOTA_EXHAUSTED));

        IntegrationException e = rejection(() -> limiter.acquire(request(ACME, Duration.ofMinutes(1))));
        assertThat(e.envelope().reason()).isEqualTo(Reasons.QUOTA_EXHAUSTED);
        assertThat(e.envelope().retryAfter()).hasValue(Duration.ofHours(14));
        clock.advance(Duration.ofHours(14));
        limiter.acquire(request(ACME, Duration.ZERO)).close();
    }

    @Test
    void appScopedFeedbackPausesEveryCustomerOfTheApp() throws Exception {
        RateLimits limits = RateLimits.builder()
                .provider("hubspot", RateLimitSpec.builder().feedbackScope(RateLimitSpec.FeedbackScope.APP).build())
                .app("hubspot", "private-app", tokens(100, Duration.ofSeconds(10)))
                .assignToApp(ACME, "private-app")
                .assignToApp(GLOBEX, "private-app")
                .build();
        BucketRateLimiter node1 = limiter(limits);
        BucketRateLimiter node2 = limiter(limits);

        node1.onProviderRateLimit(ACME, tooManyRequests(Duration.ofSeconds(20), Reasons.HTTP_STATUS));

        IntegrationException e = rejection(() -> node2.acquire(request(GLOBEX, Duration.ZERO)));
        assertThat(e.envelope().retryAfter()).hasValue(Duration.ofSeconds(20));
        node2.acquire(request(INITECH, Duration.ZERO)).close();
    }

    @Test
    void accountsWithoutLimitsGetAPermitAtOnce() throws Exception {
        BucketRateLimiter limiter = limiter(RateLimits.none());

        for (int i = 0; i < 50; i++) {
            limiter.acquire(request(ACME, Duration.ZERO)).close();
        }

        assertThat(clock.sleeps()).isEmpty();
    }

    private static void awaitNoWaiters(BucketRateLimiter limiter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (limiter.waiting() != 0) {
            if (System.nanoTime() > deadline) {
                done.completeExceptionally(new AssertionError("a waiter stayed in the queue"));
                break;
            }
            Thread.onSpinWait();
        }
        done.complete(null);
        done.join();
    }
}
