package dev.outbound.ratelimit;

import dev.outbound.gateway.AccountKey;
import dev.outbound.ratelimit.PermitPlan.BucketRef;
import dev.outbound.ratelimit.PermitPlan.CapRef;
import dev.outbound.ratelimit.internal.Bucket4jConfigs;
import io.github.bucket4j.BucketConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which buckets, caps and pauses apply to an account's call. {@link RateLimits} is immutable, so an
 * account's plan never changes: it is built once and kept while the account is busy, because building it on every
 * call (keys, lists, a Bucket4j configuration lookup hashing the whole spec) cost a tenth of {@code acquire}'s CPU
 * (issue 13). Like the local backend's idle buckets, a plan unused for {@code idle} is dropped, so idle accounts
 * cost nothing; at most about {@code maxCached} plans are kept, and beyond that plans are built per call rather
 * than evicting busy ones. Thread-safe.
 */
final class PermitPlanner {
    static final int DEFAULT_MAX_CACHED = 10_000;
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(1);

    private final RateLimits limits;
    private final DeclaredLimits declared;
    private final Clock clock;
    private final int maxCached;
    private final long idleMillis;
    private final ConcurrentHashMap<RateLimitSpec, Compiled> compiled = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AccountKey, Cached> plans = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMillis;

    private record Compiled(BucketConfiguration configuration, String fingerprint) {
    }

    private static final class Cached {
        final PermitPlan plan;
        volatile long lastUsedMillis;

        Cached(PermitPlan plan, long now) {
            this.plan = plan;
            this.lastUsedMillis = now;
        }
    }

    PermitPlanner(RateLimits limits, Clock clock) {
        this(limits, new DeclaredLimits(), clock, DEFAULT_MAX_CACHED, DEFAULT_IDLE);
    }

    PermitPlanner(RateLimits limits, DeclaredLimits declared, Clock clock) {
        this(limits, declared, clock, DEFAULT_MAX_CACHED, DEFAULT_IDLE);
    }

    PermitPlanner(RateLimits limits, Clock clock, int maxCached, Duration idle) {
        this(limits, new DeclaredLimits(), clock, maxCached, idle);
    }

    PermitPlanner(RateLimits limits, DeclaredLimits declared, Clock clock, int maxCached, Duration idle) {
        this.limits = limits;
        this.declared = declared;
        this.clock = clock;
        this.maxCached = maxCached;
        this.idleMillis = idle.toMillis();
        this.nextSweepMillis = new AtomicLong(clock.millis() + idleMillis);
    }

    /** The plan of an account's calls under the declared limits. */
    PermitPlan planFor(AccountKey account) {
        long now = clock.millis();
        sweepIfDue(now);
        Cached cached = plans.get(account);
        if (cached == null) {
            if (plans.size() >= maxCached) {
                return plan(account, specFor(account), appFor(account));
            }
            cached = plans.computeIfAbsent(account, k -> new Cached(plan(k, specFor(k), appFor(k)), now));
        }
        if (cached.lastUsedMillis != now) {
            cached.lastUsedMillis = now;
        }
        return cached.plan;
    }

    /**
     * The plan for the same account with {@code share} of each of its limits (and of its app's), for local
     * buckets while the backend is down. Built per call: that path only runs during an outage.
     */
    PermitPlan scaled(PermitPlan plan, double share) {
        Optional<RateLimits.App> app = plan.app().map(a -> new RateLimits.App(a.provider(), a.appId(),
                a.spec().scaled(share)));
        return plan(plan.account(), plan.spec().scaled(share), app);
    }

    /** Drops the kept plans of {@code provider}'s accounts, whose documented limits were just declared. */
    void forget(String provider) {
        plans.keySet().removeIf(k -> k.provider().equals(provider));
    }

    /** Configured limits (per customer, then per provider) win over documented ones; the fallback comes last. */
    private RateLimitSpec specFor(AccountKey account) {
        return limits.configuredSpecFor(account).or(() -> declared.specFor(account)).orElseGet(limits::fallback);
    }

    /** A configured app membership wins over the app-wide bucket of documented limits. */
    private Optional<RateLimits.App> appFor(AccountKey account) {
        return limits.appFor(account).or(() -> declared.appFor(account));
    }

    /** How many plans are kept now; for tests. */
    int cachedPlans() {
        return plans.size();
    }

    private PermitPlan plan(AccountKey account, RateLimitSpec spec, Optional<RateLimits.App> app) {
        List<BucketRef> buckets = new ArrayList<>(2);
        List<CapRef> caps = new ArrayList<>(2);
        List<String> pauses = new ArrayList<>(2);
        String accountKey = PermitPlan.accountKey(account);
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
            String appKey = PermitPlan.appKey(app.get());
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
        return new PermitPlan(account, spec, app, List.copyOf(buckets), List.copyOf(caps), List.copyOf(pauses));
    }

    private Compiled compile(RateLimitSpec spec) {
        return compiled.computeIfAbsent(spec, s -> new Compiled(Bucket4jConfigs.toConfiguration(s),
                Bucket4jConfigs.fingerprint(s)));
    }

    private void sweepIfDue(long now) {
        long due = nextSweepMillis.get();
        if (now < due || !nextSweepMillis.compareAndSet(due, now + idleMillis)) {
            return;
        }
        plans.values().removeIf(c -> now - c.lastUsedMillis > idleMillis);
    }
}
