package dev.outbound.ratelimit;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Priority;
import dev.outbound.gateway.spi.RateLimiter;
import dev.outbound.gateway.spi.Sleeper;
import dev.outbound.ratelimit.internal.Bucket4jConfigs;
import dev.outbound.ratelimit.internal.WaitQueue;
import dev.outbound.ratelimit.spi.BackendUnavailableException;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import dev.outbound.ratelimit.spi.RateLimitBackend.Pause;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * (one node); calls of different accounts sharing an app bucket are not ordered against each other.
 *
 * <p>Thread-safe; build one per gateway with {@link #builder()} and close it with the gateway.
 */
public final class BucketRateLimiter implements RateLimiter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BucketRateLimiter.class);
    /** Real-time bound of one wait for a turn: deadlines follow the gateway clock, which nothing signals. */
    private static final long TURN_POLL_NANOS = Duration.ofMillis(50).toNanos();
    private static final Duration MIN_WAIT = Duration.ofMillis(1);

    private final RateLimits limits;
    private final RateLimitBackend backend;
    private final LocalRateLimitBackend fallback;
    private final BackendFailurePolicy failurePolicy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final MeterRegistry registry;
    private final Duration concurrencyRetry;
    private final Duration maxLease;
    private final Duration leaseGrace;
    private final Duration backendRetryInterval;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong leaseSequence = new AtomicLong();
    private final ConcurrentHashMap<AccountKey, WaitQueue> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RateLimitSpec, Compiled> compiled = new ConcurrentHashMap<>();
    private final Map<Priority, AtomicInteger> queueDepth = new EnumMap<>(Priority.class);
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final AtomicLong primaryRetryAtMillis = new AtomicLong(Long.MIN_VALUE);

    private record Compiled(BucketConfiguration configuration, String fingerprint) {
    }

    private record BucketRef(String scope, String key, BucketConfiguration configuration) {
    }

    private record CapRef(String key, int limit) {
    }

    /** Everything one account's call must take, with the keys to take it under. */
    private record Plan(AccountKey account, RateLimitSpec spec, Optional<RateLimits.App> app, List<BucketRef> buckets,
                        List<CapRef> caps, List<String> pauseKeys) {
    }

    private record Lease(String key, String id) {
    }

    /** One try at every permit: granted (permit set), or how long to wait and why. */
    private record Attempt(RateLimiter.Permit permit, Duration delay, String reason, String detail) {
        boolean granted() {
            return permit != null;
        }

        static Attempt granted(RateLimiter.Permit permit) {
            return new Attempt(permit, Duration.ZERO, "", "");
        }

        static Attempt waitFor(Duration wait, String reason, String detail) {
            return new Attempt(null, wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait, reason, detail);
        }
    }

    private BucketRateLimiter(Builder b) {
        this.limits = b.limits;
        this.clock = b.clock;
        this.sleeper = b.sleeper != null ? b.sleeper : Sleeper.system();
        this.backend = b.backend != null ? b.backend : LocalRateLimitBackend.builder().clock(b.clock).build();
        this.failurePolicy = b.failurePolicy;
        this.fallback = LocalRateLimitBackend.builder().clock(b.clock).build();
        this.registry = b.registry != null ? b.registry : new SimpleMeterRegistry();
        this.concurrencyRetry = b.concurrencyRetry;
        this.maxLease = b.maxLease;
        this.leaseGrace = b.leaseGrace;
        this.backendRetryInterval = b.backendRetryInterval;
        for (Priority p : Priority.values()) {
            AtomicInteger depth = new AtomicInteger();
            queueDepth.put(p, depth);
            Gauge.builder(RateLimitMetrics.QUEUE_DEPTH, depth, AtomicInteger::get)
                    .description("callers waiting for a rate-limit permit")
                    .tag(RateLimitMetrics.TAG_PRIORITY, tag(p))
                    .register(registry);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Permit acquire(PermitRequest request) throws InterruptedException {
        Objects.requireNonNull(request, "request");
        AccountKey account = request.account();
        Plan plan = plan(account, limits.specFor(account), limits.appFor(account));
        Instant started = clock.instant();
        Attempt pending = null;
        Attempt last = null;
        if (!queues.containsKey(account)) {
            Attempt first = attempt(plan, request);
            if (first.granted()) {
                return granted(plan, request, started, first);
            }
            rejectIfPastDeadline(plan, request, first);
            pending = first;
            last = first;
        }
        WaitQueue queue = null;
        WaitQueue.Waiter waiter = null;
        try {
            WaitQueue[] holder = new WaitQueue[1];
            WaitQueue.Waiter[] added = new WaitQueue.Waiter[1];
            queues.compute(account, (k, q) -> {
                WaitQueue target = q != null ? q : new WaitQueue();
                holder[0] = target;
                added[0] = target.add(request.priority());
                return target;
            });
            queue = holder[0];
            waiter = added[0];
            queueDepth.get(request.priority()).incrementAndGet();
            while (true) {
                if (!queue.isHead(waiter)) {
                    pending = null;
                    if (!clock.instant().isBefore(request.deadline())) {
                        throw reject(plan, request, last != null ? last
                                : Attempt.waitFor(Duration.ofSeconds(1), Reasons.LOCAL_QUOTA,
                                "callers of higher priority are ahead"));
                    }
                    queue.awaitChange(waiter, TURN_POLL_NANOS);
                    continue;
                }
                if (pending != null) {
                    sleeper.sleep(pending.delay());
                    pending = null;
                    continue;
                }
                Attempt a = attempt(plan, request);
                if (a.granted()) {
                    return granted(plan, request, started, a);
                }
                last = a;
                rejectIfPastDeadline(plan, request, a);
                pending = a;
            }
        } finally {
            if (waiter != null) {
                WaitQueue.Waiter w = waiter;
                queues.computeIfPresent(account, (k, q) -> {
                    q.remove(w);
                    return q.isEmpty() ? null : q;
                });
                queueDepth.get(request.priority()).decrementAndGet();
            }
        }
    }

    @Override
    public void onProviderRateLimit(AccountKey account, ErrorEnvelope envelope) {
        try {
            RateLimitSpec spec = limits.specFor(account);
            Optional<RateLimits.App> app = limits.appFor(account);
            Instant now = clock.instant();
            boolean quota = Reasons.QUOTA_EXHAUSTED.equals(envelope.reason());
            Instant until;
            if (envelope.retryAfter().isPresent()) {
                until = now.plus(envelope.retryAfter().get());
            } else if (quota) {
                until = nextMidnight(now, spec.quotaResetZone());
            } else {
                until = now.plus(spec.feedbackPause());
            }
            String key = spec.feedbackScope() == RateLimitSpec.FeedbackScope.APP && app.isPresent()
                    ? appKey(app.get()) + ":pause" : accountKey(account) + ":pause";
            Pause pause = new Pause(until, quota ? Reasons.QUOTA_EXHAUSTED : Reasons.LOCAL_QUOTA);
            Counter.builder(RateLimitMetrics.FEEDBACK)
                    .tag(RateLimitMetrics.TAG_PROVIDER, account.provider())
                    .tag(RateLimitMetrics.TAG_REASON, quota ? Reasons.QUOTA_EXHAUSTED : "rate_limited")
                    .register(registry).increment();
            log.info("provider asked {} to slow down ({}); pausing {} until {}", account,
                    envelope.reason().isEmpty() ? "rate_limited" : envelope.reason(),
                    key.startsWith("app:") ? "its app" : "the account", until);
            try {
                if (!usePrimary()) {
                    fallback.pause(key, pause);
                    return;
                }
                backend.pause(key, pause);
            } catch (BackendUnavailableException e) {
                backendFailed(e, RateLimitMetrics.ACTION_FEEDBACK);
                fallback.pause(key, pause);
            }
        } catch (RuntimeException e) {
            // The SPI says feedback must not throw: the call that reported it fails with its own error anyway.
            log.warn("could not record provider rate-limit feedback for {}: {}", account, e.toString());
        }
    }

    /** Callers waiting for a permit now, across accounts; for tests and diagnostics. */
    public int waiting() {
        int n = 0;
        for (AtomicInteger d : queueDepth.values()) {
            n += d.get();
        }
        return n;
    }

    /** The backend this limiter keeps its state in. */
    public RateLimitBackend backend() {
        return backend;
    }

    /** Closes the backend (which leaves connections handed to its builder open). */
    @Override
    public void close() {
        backend.close();
        fallback.close();
    }

    private Permit granted(Plan plan, PermitRequest request, Instant started, Attempt a) {
        Duration waited = Duration.between(started, clock.instant());
        Timer.builder(RateLimitMetrics.WAIT)
                .description("time from asking for a rate-limit permit to getting it")
                .tag(RateLimitMetrics.TAG_PROVIDER, plan.account().provider())
                .tag(RateLimitMetrics.TAG_PRIORITY, tag(request.priority()))
                .register(registry)
                .record(waited.isNegative() ? Duration.ZERO : waited);
        return a.permit();
    }

    private void rejectIfPastDeadline(Plan plan, PermitRequest request, Attempt a) {
        if (clock.instant().plus(a.delay()).isAfter(request.deadline())) {
            throw reject(plan, request, a);
        }
    }

    private IntegrationException reject(Plan plan, PermitRequest request, Attempt a) {
        AccountKey account = plan.account();
        Counter.builder(RateLimitMetrics.REJECTIONS)
                .tag(RateLimitMetrics.TAG_PROVIDER, account.provider())
                .tag(RateLimitMetrics.TAG_CUSTOMER, account.customerId())
                .tag(RateLimitMetrics.TAG_REASON, a.reason())
                .register(registry).increment();
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.RATE_LIMITED)
                .provider(account.provider())
                .customer(account.customerId())
                .operation(request.operation())
                .reason(a.reason())
                .retryAfter(a.delay())
                .message("no rate-limit permit before the call's deadline: " + a.detail())
                .timestamp(clock.instant())
                .build());
    }

    private Attempt attempt(Plan plan, PermitRequest request) {
        if (!usePrimary()) {
            return attemptDegraded(plan, request, null);
        }
        try {
            Attempt a = attemptOn(backend, plan, request);
            if (degraded.compareAndSet(true, false)) {
                log.info("rate-limit backend '{}' answers again; shared limits apply again", backend.name());
            }
            return a;
        } catch (BackendUnavailableException e) {
            primaryRetryAtMillis.set(clock.millis() + backendRetryInterval.toMillis());
            return attemptDegraded(plan, request, e);
        }
    }

    private boolean usePrimary() {
        return !degraded.get() || clock.millis() >= primaryRetryAtMillis.get();
    }

    private Attempt attemptDegraded(Plan plan, PermitRequest request, BackendUnavailableException cause) {
        if (failurePolicy.failsClosed()) {
            backendFailed(cause, RateLimitMetrics.ACTION_FAIL_CLOSED);
            AccountKey account = plan.account();
            Counter.builder(RateLimitMetrics.REJECTIONS)
                    .tag(RateLimitMetrics.TAG_PROVIDER, account.provider())
                    .tag(RateLimitMetrics.TAG_CUSTOMER, account.customerId())
                    .tag(RateLimitMetrics.TAG_REASON, Reasons.LIMITER_UNAVAILABLE)
                    .register(registry).increment();
            throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.RATE_LIMITED)
                    .provider(account.provider())
                    .customer(account.customerId())
                    .operation(request.operation())
                    .reason(Reasons.LIMITER_UNAVAILABLE)
                    .retryAfter(backendRetryInterval)
                    .message("rate-limit backend '" + backend.name() + "' is unavailable and the limiter fails closed")
                    .timestamp(clock.instant())
                    .build(), cause);
        }
        backendFailed(cause, RateLimitMetrics.ACTION_LOCAL_FALLBACK);
        RateLimitSpec share = plan.spec().scaled(failurePolicy.localShare());
        Optional<RateLimits.App> app = plan.app().map(a -> new RateLimits.App(a.provider(), a.appId(),
                a.spec().scaled(failurePolicy.localShare())));
        return attemptOn(fallback, plan(plan.account(), share, app), request);
    }

    private void backendFailed(BackendUnavailableException cause, String action) {
        Counter.builder(RateLimitMetrics.BACKEND_FAILURES)
                .tag(RateLimitMetrics.TAG_BACKEND, backend.name())
                .tag(RateLimitMetrics.TAG_ACTION, action)
                .register(registry).increment();
        if (cause != null && degraded.compareAndSet(false, true)) {
            log.warn("rate-limit backend '{}' is unavailable ({}); {}", backend.name(), cause.getMessage(),
                    failurePolicy.failsClosed() ? "refusing calls (fail closed) until it answers"
                            : "falling back to local buckets with " + failurePolicy.localShare()
                            + " of each limit until it answers");
        }
    }

    private Attempt attemptOn(RateLimitBackend store, Plan plan, PermitRequest request) {
        Instant now = clock.instant();
        Optional<Pause> pause = store.activePause(plan.pauseKeys(), now);
        if (pause.isPresent()) {
            return Attempt.waitFor(Duration.between(now, pause.get().until()), pause.get().reason(),
                    "the provider asked to pause until " + pause.get().until());
        }
        List<Lease> leases = new ArrayList<>(plan.caps().size());
        List<BucketRef> consumed = new ArrayList<>(plan.buckets().size());
        boolean done = false;
        try {
            Instant leaseEnd = min(request.deadline(), now.plus(maxLease)).plus(leaseGrace);
            for (CapRef cap : plan.caps()) {
                String id = instanceId + "-" + leaseSequence.incrementAndGet();
                if (!store.tryAcquireLease(cap.key(), cap.limit(), id, now, leaseEnd)) {
                    return Attempt.waitFor(concurrencyRetry, Reasons.CONCURRENCY_LIMIT,
                            "all " + cap.limit() + " concurrency slots are taken");
                }
                leases.add(new Lease(cap.key(), id));
            }
            for (BucketRef bucket : plan.buckets()) {
                ConsumptionProbe probe = store.tryConsume(bucket.key(), bucket.configuration(), 1);
                if (!probe.isConsumed()) {
                    return Attempt.waitFor(Duration.ofNanos(probe.getNanosToWaitForRefill()), Reasons.LOCAL_QUOTA,
                            "the " + bucket.scope() + " bucket has no token for "
                                    + Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis() + " ms");
                }
                consumed.add(bucket);
                DistributionSummary.builder(RateLimitMetrics.TOKENS_REMAINING)
                        .tag(RateLimitMetrics.TAG_PROVIDER, plan.account().provider())
                        .tag(RateLimitMetrics.TAG_SCOPE, bucket.scope())
                        .register(registry).record(probe.getRemainingTokens());
            }
            done = true;
            return Attempt.granted(leases.isEmpty() ? Permit.NONE : new LeasedPermit(store, List.copyOf(leases)));
        } finally {
            if (!done) {
                giveBack(store, leases, consumed);
            }
        }
    }

    /** Returns what a failed attempt took; best effort, because leases expire and refunds only help. */
    private void giveBack(RateLimitBackend store, List<Lease> leases, List<BucketRef> consumed) {
        for (BucketRef bucket : consumed) {
            try {
                store.refund(bucket.key(), bucket.configuration(), 1);
            } catch (RuntimeException e) {
                log.debug("could not refund a token to a {} bucket: {}", bucket.scope(), e.toString());
            }
        }
        for (Lease lease : leases) {
            release(store, lease);
        }
    }

    private void release(RateLimitBackend store, Lease lease) {
        try {
            store.releaseLease(lease.key(), lease.id());
        } catch (RuntimeException e) {
            Counter.builder(RateLimitMetrics.BACKEND_FAILURES)
                    .tag(RateLimitMetrics.TAG_BACKEND, store.name())
                    .tag(RateLimitMetrics.TAG_ACTION, RateLimitMetrics.ACTION_RELEASE)
                    .register(registry).increment();
            log.debug("could not release a concurrency lease (it expires on its own): {}", e.toString());
        }
    }

    private Plan plan(AccountKey account, RateLimitSpec spec, Optional<RateLimits.App> app) {
        List<BucketRef> buckets = new ArrayList<>(2);
        List<CapRef> caps = new ArrayList<>(2);
        List<String> pauses = new ArrayList<>(2);
        String accountKey = accountKey(account);
        pauses.add(accountKey + ":pause");
        if (spec.limitsConcurrency()) {
            caps.add(new CapRef(accountKey + ":conc", spec.maxConcurrent()));
        }
        if (spec.limitsTokens()) {
            Compiled c = compile(spec);
            buckets.add(new BucketRef(RateLimitMetrics.SCOPE_ACCOUNT, accountKey + ":tok:" + c.fingerprint(),
                    c.configuration()));
        }
        if (app.isPresent()) {
            String appKey = appKey(app.get());
            RateLimitSpec appSpec = app.get().spec();
            pauses.add(appKey + ":pause");
            if (appSpec.limitsConcurrency()) {
                caps.add(new CapRef(appKey + ":conc", appSpec.maxConcurrent()));
            }
            if (appSpec.limitsTokens()) {
                Compiled c = compile(appSpec);
                buckets.add(new BucketRef(RateLimitMetrics.SCOPE_APP, appKey + ":tok:" + c.fingerprint(),
                        c.configuration()));
            }
        }
        return new Plan(account, spec, app, List.copyOf(buckets), List.copyOf(caps), List.copyOf(pauses));
    }

    private Compiled compile(RateLimitSpec spec) {
        return compiled.computeIfAbsent(spec, s -> new Compiled(Bucket4jConfigs.toConfiguration(s),
                Bucket4jConfigs.fingerprint(s)));
    }

    private static String accountKey(AccountKey account) {
        return "acct:" + account.provider() + ":" + account.customerId();
    }

    private static String appKey(RateLimits.App app) {
        return "app:" + app.provider() + ":" + app.appId();
    }

    private static Instant nextMidnight(Instant now, ZoneId zone) {
        return now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String tag(Priority p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "BucketRateLimiter[backend=" + backend.name() + ", waiting=" + waiting() + "]";
    }

    /** A permit holding concurrency leases; closing it gives them back once. */
    private final class LeasedPermit implements Permit {
        private final RateLimitBackend issuer;
        private final List<Lease> leases;
        private final AtomicBoolean closed = new AtomicBoolean();

        LeasedPermit(RateLimitBackend issuer, List<Lease> leases) {
            this.issuer = issuer;
            this.leases = leases;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                for (Lease lease : leases) {
                    release(issuer, lease);
                }
            }
        }
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
