package dev.outbound.ratelimit;

import dev.outbound.errors.Reasons;
import dev.outbound.gateway.spi.RateLimiter.Permit;
import dev.outbound.gateway.spi.RateLimiter.PermitRequest;
import dev.outbound.ratelimit.PermitPlan.BucketRef;
import dev.outbound.ratelimit.PermitPlan.CapRef;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import dev.outbound.ratelimit.spi.RateLimitBackend.Pause;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes every permit of a plan from one backend, all or nothing: a pause stops it first, then it takes a slot under
 * each concurrency cap and a token from each bucket, and gives back what it took when any of them refuses, so a
 * call never holds one permit while it waits for another. Thread-safe.
 */
final class PermitTaker {
    // Logged under the limiter's name, as before the split, so existing logging configuration still applies.
    private static final Logger log = LoggerFactory.getLogger(BucketRateLimiter.class);

    private final Clock clock;
    private final LimiterMeters meters;
    private final Duration concurrencyRetry;
    private final Duration maxLease;
    private final Duration leaseGrace;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong leaseSequence = new AtomicLong();

    private record Lease(String key, String id) {
    }

    PermitTaker(Clock clock, LimiterMeters meters, Duration concurrencyRetry, Duration maxLease, Duration leaseGrace) {
        this.clock = clock;
        this.meters = meters;
        this.concurrencyRetry = concurrencyRetry;
        this.maxLease = maxLease;
        this.leaseGrace = leaseGrace;
    }

    /** One try at every permit of {@code plan} on {@code store}; throws what the store throws. */
    Attempt attempt(RateLimitBackend store, PermitPlan plan, PermitRequest request) {
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
                meters.tokensRemaining(plan.account(), bucket.scope(), probe.getRemainingTokens());
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
            meters.backendFailure(store.name(), RateLimitMetrics.ACTION_RELEASE);
            log.debug("could not release a concurrency lease (it expires on its own): {}", e.toString());
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
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
}
