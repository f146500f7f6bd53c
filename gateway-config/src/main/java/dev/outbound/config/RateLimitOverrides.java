package dev.outbound.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A customer's rate-limit settings, as plain data for the rate limiter to read (e.g. a customer on a larger plan
 * at the provider). Nothing here enforces anything. Immutable and thread-safe.
 *
 * @param limits permits per period, all of which apply
 * @param maxConcurrent calls in flight at once, when capped
 * @param dailyQuota calls per day, when capped
 */
public record RateLimitOverrides(List<Limit> limits, OptionalInt maxConcurrent, OptionalLong dailyQuota) {

    private static final RateLimitOverrides NONE = new RateLimitOverrides(List.of(), OptionalInt.empty(), OptionalLong.empty());

    public RateLimitOverrides {
        limits = List.copyOf(Objects.requireNonNull(limits, "limits"));
        Objects.requireNonNull(maxConcurrent, "maxConcurrent");
        Objects.requireNonNull(dailyQuota, "dailyQuota");
    }

    /** No overrides: the provider's defaults apply. */
    public static RateLimitOverrides none() {
        return NONE;
    }

    public boolean isEmpty() {
        return limits.isEmpty() && maxConcurrent.isEmpty() && dailyQuota.isEmpty();
    }

    /**
     * {@code permits} calls per {@code per}.
     *
     * @param permits at least 1
     * @param per a positive period
     */
    public record Limit(long permits, Duration per) {
        public Limit {
            Objects.requireNonNull(per, "per");
            if (permits < 1) {
                throw new IllegalArgumentException("permits must be at least 1, was " + permits);
            }
            if (per.isZero() || per.isNegative()) {
                throw new IllegalArgumentException("per must be positive, was " + per);
            }
        }
    }
}
