package dev.outbound.ratelimit;

import dev.outbound.ratelimit.internal.Bucket4jConfigs;
import dev.outbound.ratelimit.internal.ClockTimeMeter;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default backend: Bucket4j local buckets, leases and pauses in this JVM's memory, for a gateway on one node.
 * Buckets follow the given {@link Clock} through a Bucket4j {@code TimeMeter}. A bucket untouched for as long as it
 * takes to refill is dropped (it would be full, like a new one), so idle accounts cost nothing. Thread-safe; one
 * instance may be shared by several limiters of the same JVM, which then share their limits.
 */
public final class LocalRateLimitBackend implements RateLimitBackend {
    private final Clock clock;
    private final TimeMeter timeMeter;
    private final Duration sweepInterval;
    private final ConcurrentHashMap<String, LocalBucketEntry> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, Instant>> leases = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Pause> pauses = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepNanos;

    private static final class LocalBucketEntry {
        final Bucket bucket;
        final long idleLimitNanos;
        volatile long lastUsedNanos;

        LocalBucketEntry(Bucket bucket, long idleLimitNanos, long now) {
            this.bucket = bucket;
            this.idleLimitNanos = idleLimitNanos;
            this.lastUsedNanos = now;
        }
    }

    private LocalRateLimitBackend(Builder b) {
        this.clock = b.clock;
        this.timeMeter = new ClockTimeMeter(b.clock);
        this.sweepInterval = b.sweepInterval;
        this.nextSweepNanos = new AtomicLong(timeMeter.currentTimeNanos() + sweepInterval.toNanos());
    }

    /** A backend on the system UTC clock. */
    public static LocalRateLimitBackend create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public ConsumptionProbe tryConsume(String key, BucketConfiguration configuration, long tokens) {
        return bucket(key, configuration).tryConsumeAndReturnRemaining(tokens);
    }

    @Override
    public void refund(String key, BucketConfiguration configuration, long tokens) {
        bucket(key, configuration).addTokens(tokens);
    }

    @Override
    public void lowerTo(String key, BucketConfiguration configuration, String bandwidthId, long atMost) {
        Bucket4jConfigs.lowerTo(bucket(key, configuration), bandwidthId, atMost);
    }

    private Bucket bucket(String key, BucketConfiguration configuration) {
        long now = timeMeter.currentTimeNanos();
        sweepIfDue(now);
        LocalBucketEntry entry = buckets.computeIfAbsent(key, k -> {
            LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(timeMeter);
            for (io.github.bucket4j.Bandwidth b : configuration.getBandwidths()) {
                builder.addLimit(b);
            }
            return new LocalBucketEntry(builder.build(), Bucket4jConfigs.timeToFull(configuration).toNanos(), now);
        });
        entry.lastUsedNanos = now;
        return entry.bucket;
    }

    @Override
    public boolean tryAcquireLease(String key, int limit, String leaseId, Instant now, Instant expiresAt) {
        Objects.requireNonNull(leaseId, "leaseId");
        boolean[] taken = {false};
        leases.compute(key, (k, held) -> {
            Map<String, Instant> map = held == null ? new HashMap<>() : held;
            map.values().removeIf(expiry -> !expiry.isAfter(now));
            if (map.size() < limit) {
                map.put(leaseId, expiresAt);
                taken[0] = true;
            }
            return map.isEmpty() ? null : map;
        });
        return taken[0];
    }

    @Override
    public void releaseLease(String key, String leaseId) {
        leases.computeIfPresent(key, (k, held) -> {
            held.remove(leaseId);
            return held.isEmpty() ? null : held;
        });
    }

    @Override
    public void pause(String key, Pause pause) {
        pauses.merge(key, pause, (old, fresh) -> fresh.until().isAfter(old.until()) ? fresh : old);
    }

    @Override
    public Optional<Pause> activePause(List<String> keys, Instant now) {
        Pause latest = null;
        for (String key : keys) {
            Pause p = pauses.get(key);
            if (p == null) {
                continue;
            }
            if (!p.until().isAfter(now)) {
                pauses.remove(key, p);
            } else if (latest == null || p.until().isAfter(latest.until())) {
                latest = p;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** How many buckets are held in memory now; for tests and diagnostics. */
    public int bucketCount() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweepNanos.get();
        if (now < due || !nextSweepNanos.compareAndSet(due, now + sweepInterval.toNanos())) {
            return;
        }
        buckets.entrySet().removeIf(e -> now - e.getValue().lastUsedNanos > e.getValue().idleLimitNanos);
        Instant instant = clock.instant();
        pauses.entrySet().removeIf(e -> !e.getValue().until().isAfter(instant));
        for (String key : leases.keySet()) {
            leases.computeIfPresent(key, (k, held) -> {
                held.values().removeIf(expiry -> !expiry.isAfter(instant));
                return held.isEmpty() ? null : held;
            });
        }
    }

    @Override
    public String toString() {
        return "LocalRateLimitBackend[buckets=" + buckets.size() + "]";
    }

    /** Builds a {@link LocalRateLimitBackend}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration sweepInterval = Duration.ofMinutes(1);

        private Builder() {
        }

        /** The clock buckets, leases and pauses follow; the gateway's clock (a fake one in tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How often idle buckets, expired leases and pauses are dropped; 1 minute by default. */
        public Builder sweepInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, was " + interval);
            }
            this.sweepInterval = interval;
            return this;
        }

        public LocalRateLimitBackend build() {
            return new LocalRateLimitBackend(this);
        }
    }
}
