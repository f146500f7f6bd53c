package dev.outbound.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One limit of a bucket: at most {@code capacity} tokens held, refilled by {@code refillTokens} every
 * {@code refillPeriod}. A bucket may have several (e.g. 100 per 10 s <em>and</em> 100,000 per 24 h); a call needs a
 * token from each. Immutable and thread-safe; build with {@link #of}, {@link #rollingWindow}, {@link #fixedWindow}
 * or {@link #builder()}.
 *
 * <p>Which shape to pick: a provider that counts requests in a <em>rolling</em> window of length T lets a token
 * bucket of capacity b and rate r through at most b + r·T requests in any such window, so {@link #rollingWindow}
 * keeps b + r·T at the provider's limit (a small burst, the rest refilled smoothly). {@link #of} (capacity = limit,
 * refilled greedily over the period) uses the limit fully but may let nearly twice the limit through one rolling
 * window. A quota that resets at fixed times (a daily quota resetting at midnight) is a {@link #fixedWindow}.
 *
 * @param name short name used in logs and Bucket4j's bandwidth id, unique within a bucket
 * @param capacity the most tokens the bucket holds (the burst)
 * @param refillTokens tokens added per {@code refillPeriod}
 * @param refillPeriod the refill period
 * @param refill whether tokens trickle in ({@link Refill#GREEDY}) or arrive all at once each period
 * @param alignedTo for {@link Refill#INTERVALLY}, an instant at which a period starts (e.g. a midnight), if any
 */
public record Bandwidth(String name, long capacity, long refillTokens, Duration refillPeriod, Refill refill,
                        Optional<Instant> alignedTo) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** How tokens come back. */
    public enum Refill {
        /** Tokens come back one by one as soon as each is due (Bucket4j's greedy refill). */
        GREEDY,
        /** All of a period's tokens come back at once, when the period ends. */
        INTERVALLY
    }

    public Bandwidth {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-32 lower-case letters, digits, - or _, was '"
                    + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "'");
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        if (refillTokens <= 0) {
            throw new IllegalArgumentException("refillTokens must be positive, was " + refillTokens);
        }
        Objects.requireNonNull(refillPeriod, "refillPeriod");
        if (refillPeriod.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("refillPeriod must be at least 1 ms, was " + refillPeriod);
        }
        if (refillPeriod.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("refillPeriod must be at most 366 days, was " + refillPeriod);
        }
        if (refillPeriod.toNanos() / refillTokens < 1) {
            throw new IllegalArgumentException("refill rate too high: " + refillTokens + " tokens per "
                    + refillPeriod);
        }
        Objects.requireNonNull(refill, "refill");
        alignedTo = alignedTo == null ? Optional.empty() : alignedTo;
        if (alignedTo.isPresent() && refill != Refill.INTERVALLY) {
            throw new IllegalArgumentException("alignedTo applies to INTERVALLY refill only");
        }
    }

    /** {@code limit} tokens per {@code period}, capacity {@code limit}, refilled greedily. */
    public static Bandwidth of(long limit, Duration period) {
        return builder().capacity(limit).refill(limit, period).build();
    }

    /**
     * A bucket that never lets more than {@code limit} requests through any rolling window of length {@code window}:
     * capacity {@code burst}, refilled greedily with {@code limit - burst} tokens per window. Long-run use is
     * {@code (limit - burst) / limit} of the limit, so a small burst uses more of it — down to 2: with a burst of 1
     * the bucket is full whenever its one token waits for a taker, and the refill due meanwhile is lost (measured by
     * the benchmarks' {@code RateLimitBar}: 100 per 10 s, three nodes on Redis, 95.8% used with burst 1, 98.2% with 2).
     *
     * @throws IllegalArgumentException unless {@code 0 < burst < limit}
     */
    public static Bandwidth rollingWindow(long limit, Duration window, long burst) {
        if (limit <= 1) {
            throw new IllegalArgumentException("limit must be at least 2 for a rolling window, was " + limit);
        }
        if (burst <= 0 || burst >= limit) {
            throw new IllegalArgumentException("burst must be in [1, " + (limit - 1) + "], was " + burst);
        }
        return builder().name("rolling").capacity(burst).refill(limit - burst, window).build();
    }

    /**
     * A quota of {@code limit} tokens that all come back at once at the end of each period, periods starting at
     * {@code periodStart} (e.g. a midnight in the provider's time zone for a daily quota).
     */
    public static Bandwidth fixedWindow(long limit, Duration period, Instant periodStart) {
        return builder().name("fixed").capacity(limit).refill(limit, period).intervally()
                .alignedTo(periodStart).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This bandwidth cut to {@code share} of its capacity and refill (at least one token each), e.g. the
     * conservative local stand-in used while a shared backend is down.
     */
    public Bandwidth scaled(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + share);
        }
        long c = Math.max(1, (long) Math.floor(capacity * share));
        long r = Math.max(1, (long) Math.floor(refillTokens * share));
        return new Bandwidth(name, c, r, refillPeriod, refill, alignedTo);
    }

    /** Builds a {@link Bandwidth}; values are checked by {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private long capacity;
        private long refillTokens;
        private Duration refillPeriod;
        private Refill refill = Refill.GREEDY;
        private Instant alignedTo;

        private Builder() {
        }

        /** Optional; defaults to a name derived from the period, e.g. {@code per-10s}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder capacity(long capacity) {
            this.capacity = capacity;
            return this;
        }

        public Builder refill(long tokens, Duration period) {
            this.refillTokens = tokens;
            this.refillPeriod = Objects.requireNonNull(period, "period");
            return this;
        }

        public Builder greedy() {
            this.refill = Refill.GREEDY;
            return this;
        }

        public Builder intervally() {
            this.refill = Refill.INTERVALLY;
            return this;
        }

        public Builder alignedTo(Instant periodStart) {
            this.alignedTo = Objects.requireNonNull(periodStart, "periodStart");
            return this;
        }

        public Bandwidth build() {
            if (refillPeriod == null) {
                throw new IllegalArgumentException("refill(tokens, period) must be set");
            }
            String n = name != null ? name : "per-" + describe(refillPeriod);
            return new Bandwidth(n, capacity, refillTokens, refillPeriod, refill, Optional.ofNullable(alignedTo));
        }

        private static String describe(Duration d) {
            if (d.toMillis() % 86_400_000 == 0) {
                return d.toDays() + "d";
            }
            if (d.toMillis() % 3_600_000 == 0) {
                return d.toHours() + "h";
            }
            if (d.toMillis() % 60_000 == 0) {
                return d.toMinutes() + "m";
            }
            if (d.toMillis() % 1000 == 0) {
                return d.toSeconds() + "s";
            }
            return d.toMillis() + "ms";
        }
    }
}
