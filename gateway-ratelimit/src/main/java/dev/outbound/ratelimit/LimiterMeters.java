package dev.outbound.ratelimit;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every meter one {@link BucketRateLimiter} records, bound in one place under the names and bounded tags of
 * {@link RateLimitMetrics}. Thread-safe.
 */
final class LimiterMeters {
    private final MeterRegistry registry;
    private final Map<Priority, AtomicInteger> queueDepth = new EnumMap<>(Priority.class);

    LimiterMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Priority p : Priority.values()) {
            AtomicInteger depth = new AtomicInteger();
            queueDepth.put(p, depth);
            Gauge.builder(RateLimitMetrics.QUEUE_DEPTH, depth, AtomicInteger::get)
                    .description("callers waiting for a rate-limit permit")
                    .tag(RateLimitMetrics.TAG_PRIORITY, tag(p))
                    .register(registry);
        }
    }

    void queued(Priority priority) {
        queueDepth.get(priority).incrementAndGet();
    }

    void dequeued(Priority priority) {
        queueDepth.get(priority).decrementAndGet();
    }

    /** Callers waiting for a permit now, across accounts. */
    int waiting() {
        int n = 0;
        for (AtomicInteger d : queueDepth.values()) {
            n += d.get();
        }
        return n;
    }

    void waited(AccountKey account, Priority priority, Duration waited) {
        Timer.builder(RateLimitMetrics.WAIT)
                .description("time from asking for a rate-limit permit to getting it")
                .tag(RateLimitMetrics.TAG_PROVIDER, account.provider())
                .tag(RateLimitMetrics.TAG_PRIORITY, tag(priority))
                .register(registry)
                .record(waited.isNegative() ? Duration.ZERO : waited);
    }

    void rejected(AccountKey account, String reason) {
        Counter.builder(RateLimitMetrics.REJECTIONS)
                .tag(RateLimitMetrics.TAG_PROVIDER, account.provider())
                .tag(RateLimitMetrics.TAG_CUSTOMER, account.customerId())
                .tag(RateLimitMetrics.TAG_REASON, reason)
                .register(registry).increment();
    }

    void tokensRemaining(AccountKey account, String scope, long remaining) {
        DistributionSummary.builder(RateLimitMetrics.TOKENS_REMAINING)
                .tag(RateLimitMetrics.TAG_PROVIDER, account.provider())
                .tag(RateLimitMetrics.TAG_SCOPE, scope)
                .register(registry).record(remaining);
    }

    void feedback(AccountKey account, String reason) {
        Counter.builder(RateLimitMetrics.FEEDBACK)
                .tag(RateLimitMetrics.TAG_PROVIDER, account.provider())
                .tag(RateLimitMetrics.TAG_REASON, reason)
                .register(registry).increment();
    }

    void backendFailure(String backend, String action) {
        Counter.builder(RateLimitMetrics.BACKEND_FAILURES)
                .tag(RateLimitMetrics.TAG_BACKEND, backend)
                .tag(RateLimitMetrics.TAG_ACTION, action)
                .register(registry).increment();
    }

    private static String tag(Priority p) {
        return p.name().toLowerCase(Locale.ROOT);
    }
}
