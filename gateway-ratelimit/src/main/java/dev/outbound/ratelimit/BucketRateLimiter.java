package dev.outbound.ratelimit;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.LimitDeclaration;
import dev.outbound.gateway.spi.LimitUsage;
import dev.outbound.gateway.spi.RateLimiter;
import dev.outbound.gateway.spi.Sleeper;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's {@link RateLimiter} on Bucket4j: before each attempt it takes a token from the account's bucket
 * and from its app's shared bucket, and a slot under each concurrency cap, all or nothing — a call never holds one
 * permit while it waits for another, and gives back what it took on every path. When permits run short, callers
 * of one account wait in priority order ({@code REALTIME} first), each no longer than its deadline; a call whose
 * wait would pass its deadline fails at once with {@code RATE_LIMITED} reason {@code local_quota} and the bucket's
 * refill estimate as retry-after, without reaching the provider. A provider "too many requests" pauses the
 * account's (or app's) bucket in the backend, so every worker on every node stops, and an exhausted daily quota
 * blocks until it resets.
 *
 * <p>State lives in a {@link RateLimitBackend}: {@link LocalRateLimitBackend} by default, or
 * {@link RedisRateLimitBackend} / {@link PostgresRateLimitBackend} for several nodes; when the backend is down the
 * {@link BackendFailurePolicy} applies. Priority ordering is among the callers of one account in this limiter
 * (one node); calls of different accounts sharing an app bucket are not ordered against each other. The limiter's
 * own per-account state (which permits apply, the queue of waiting callers) goes when the account is idle.
 *
 * <p>Thread-safe; build one per gateway with {@link #builder()} and close it with the gateway.
 */
public final class BucketRateLimiter implements RateLimiter, AutoCloseable {
    // The seams, in the order a call meets them: which permits apply, waiting in turn for them, taking them from
    // the backend (or its fallback), and the pauses a provider's "too many requests" records.
    private final PermitPlanner planner;
    private final LimiterMeters meters;
    private final BackendFailover backends;
    private final PermitWaits waits;
    private final ProviderFeedback feedback;
    private final DeclaredLimits declared = new DeclaredLimits();

    private BucketRateLimiter(Builder b) {
        Sleeper sleeper = b.sleeper != null ? b.sleeper : Sleeper.system();
        RateLimitBackend backend = b.backend != null ? b.backend
                : LocalRateLimitBackend.builder().clock(b.clock).build();
        this.meters = new LimiterMeters(b.registry != null ? b.registry : new SimpleMeterRegistry());
        this.planner = new PermitPlanner(b.limits, declared, b.clock);
        PermitTaker taker = new PermitTaker(b.clock, meters, b.concurrencyRetry, b.maxLease, b.leaseGrace);
        this.backends = new BackendFailover(backend, b.failurePolicy, b.backendRetryInterval, b.clock, planner, taker,
                meters);
        this.waits = new PermitWaits(backends, meters, b.clock, sleeper);
        this.feedback = new ProviderFeedback(planner, backends, meters, b.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Permit acquire(PermitRequest request) throws InterruptedException {
        Objects.requireNonNull(request, "request");
        return waits.acquire(planner.planFor(request.account()), request);
    }

    @Override
    public void onProviderRateLimit(AccountKey account, ErrorEnvelope envelope) {
        feedback.onProviderRateLimit(account, envelope);
    }

    /**
     * Applies {@code provider}'s documented limits to its accounts that {@link RateLimits} does not configure:
     * rolling limits as greedy buckets, allocations that reset as intervally ones, concurrency as a cap; limits
     * of scope {@code APP} in one bucket shared by every customer, endpoint limits and those not enforced not at all.
     */
    @Override
    public void declare(String provider, List<LimitDeclaration> limits) {
        Objects.requireNonNull(provider, "provider");
        declared.declare(provider, Objects.requireNonNull(limits, "limits"));
        planner.forget(provider);
    }

    /**
     * Lowers the bucket holding the limit the provider reported on to the provider's count when fewer remain than
     * the bucket holds, so calls made by the customer's other apps count too; never raises it.
     */
    @Override
    public void onUsage(AccountKey account, LimitUsage usage) {
        feedback.onUsage(account, usage);
    }

    /** Callers waiting for a permit now, across accounts; for tests and diagnostics. */
    public int waiting() {
        return meters.waiting();
    }

    /** The backend this limiter keeps its state in. */
    public RateLimitBackend backend() {
        return backends.backend();
    }

    /** Closes the backend (which leaves connections handed to its builder open). */
    @Override
    public void close() {
        backends.close();
    }

    @Override
    public String toString() {
        return "BucketRateLimiter[backend=" + backend().name() + ", waiting=" + waiting() + "]";
    }

    /** Builds a {@link BucketRateLimiter}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private RateLimits limits = RateLimits.none();
        private RateLimitBackend backend;
        private BackendFailurePolicy failurePolicy = BackendFailurePolicy.failClosed();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper;
        private MeterRegistry registry;
        private Duration concurrencyRetry = Duration.ofMillis(25);
        private Duration maxLease = Duration.ofMinutes(15);
        private Duration leaseGrace = Duration.ofSeconds(30);
        private Duration backendRetryInterval = Duration.ofSeconds(5);

        private Builder() {
        }

        /** Which limits apply to which account. */
        public Builder limits(RateLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Where state lives; a {@link LocalRateLimitBackend} on this limiter's clock by default. A backend given
         * here must follow the same clock.
         */
        public Builder backend(RateLimitBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** What to do while the backend is down; fail closed by default. */
        public Builder onBackendFailure(BackendFailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The gateway's clock; deadlines, buckets, leases and pauses follow it. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How the limiter waits; real sleeping by default, the testkit's fake clock in tests. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** How long a caller refused a concurrency slot waits before asking again; 25 ms by default. */
        public Builder concurrencyRetry(Duration interval) {
            this.concurrencyRetry = requirePositive(interval, "interval");
            return this;
        }

        /**
         * How long a concurrency lease lasts: until the call's deadline but at most {@code maxLease}, plus
         * {@code grace}. A lease whose node died comes back then; 15 minutes and 30 seconds by default.
         */
        public Builder leaseDuration(Duration maxLease, Duration grace) {
            this.maxLease = requirePositive(maxLease, "maxLease");
            this.leaseGrace = requirePositive(grace, "grace");
            return this;
        }

        /** While the backend is down, how long before it is tried again; 5 seconds by default. */
        public Builder backendRetryInterval(Duration interval) {
            this.backendRetryInterval = requirePositive(interval, "interval");
            return this;
        }

        public BucketRateLimiter build() {
            return new BucketRateLimiter(this);
        }

        private static Duration requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
