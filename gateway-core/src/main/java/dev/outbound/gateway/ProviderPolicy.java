package dev.outbound.gateway;

import dev.outbound.errors.Reasons;
import java.time.Duration;
import java.util.Objects;

/**
 * Retry, circuit-breaker and timeout settings of one provider. Defaults come from the adapter; the gateway builder
 * can override them per provider. Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param maxAttempts attempts per call including the first (1 = no retry)
 * @param baseBackoff first backoff before jitter; doubles with every retry
 * @param maxBackoff cap of one backoff (a provider's Retry-After may still ask for longer)
 * @param defaultCallTimeout deadline of a call that sets none
 * @param connectTimeout TCP/TLS connect timeout of one attempt
 * @param readTimeout socket read timeout of one attempt
 * @param circuitFailureRateThreshold percentage of failed calls that opens the circuit
 * @param circuitMinimumCalls calls needed in the window before the rate is judged
 * @param circuitWindowSize calls in the sliding window
 * @param circuitOpenDuration how long an open circuit fails fast before letting trial calls through
 * @param circuitHalfOpenCalls trial calls in the half-open state
 * @param maxRetryAfter longest pause a provider's {@code Retry-After} (or a classifier's reading of the body) may
 *        ask for; a longer request is capped to this, and the envelope says so. Protects every account of the
 *        provider from a hostile or broken header ({@code Retry-After: 31536000})
 * @param maxQuotaPause longest pause for an exhausted documented quota (reason {@code quota_exhausted}, e.g. a
 *        daily API limit that resets at midnight): the only kind of pause allowed to last hours
 */
public record ProviderPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration defaultCallTimeout,
                             Duration connectTimeout, Duration readTimeout, float circuitFailureRateThreshold,
                             int circuitMinimumCalls, int circuitWindowSize, Duration circuitOpenDuration,
                             int circuitHalfOpenCalls, Duration maxRetryAfter, Duration maxQuotaPause) {

    private static final ProviderPolicy DEFAULTS = new Builder().build();

    public ProviderPolicy {
        requireRange(maxAttempts, 1, 20, "maxAttempts");
        requirePositive(baseBackoff, "baseBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be below baseBackoff ("
                    + baseBackoff + ")");
        }
        requirePositive(defaultCallTimeout, "defaultCallTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (!(circuitFailureRateThreshold > 0 && circuitFailureRateThreshold <= 100)) {
            throw new IllegalArgumentException("circuitFailureRateThreshold must be in (0, 100], was "
                    + circuitFailureRateThreshold);
        }
        requireRange(circuitMinimumCalls, 1, 10_000, "circuitMinimumCalls");
        requireRange(circuitWindowSize, 1, 10_000, "circuitWindowSize");
        requirePositive(circuitOpenDuration, "circuitOpenDuration");
        requireRange(circuitHalfOpenCalls, 1, 1_000, "circuitHalfOpenCalls");
        requirePositive(maxRetryAfter, "maxRetryAfter");
        requirePositive(maxQuotaPause, "maxQuotaPause");
        if (maxQuotaPause.compareTo(maxRetryAfter) < 0) {
            throw new IllegalArgumentException("maxQuotaPause (" + maxQuotaPause + ") must not be below maxRetryAfter ("
                    + maxRetryAfter + ")");
        }
        if (maxQuotaPause.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("maxQuotaPause must be at most 7 days, was " + maxQuotaPause);
        }
    }

    /**
     * The longest pause this policy lets a provider impose for an error with {@code reason}: {@link #maxQuotaPause}
     * for an exhausted documented quota, {@link #maxRetryAfter} for anything else.
     */
    public Duration retryAfterCeiling(String reason) {
        return Reasons.QUOTA_EXHAUSTED.equals(reason) ? maxQuotaPause : maxRetryAfter;
    }

    /**
     * 3 attempts, 200 ms base backoff up to 30 s, 30 s call deadline, circuit opening at 50% of 20 calls, provider
     * pauses capped at 5 minutes (24 hours for an exhausted daily quota).
     */
    public static ProviderPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** Builds a {@link ProviderPolicy}; every setter is checked when {@link #build()} runs. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration baseBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration defaultCallTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(20);
        private float circuitFailureRateThreshold = 50f;
        private int circuitMinimumCalls = 10;
        private int circuitWindowSize = 20;
        private Duration circuitOpenDuration = Duration.ofSeconds(30);
        private int circuitHalfOpenCalls = 3;
        private Duration maxRetryAfter = Duration.ofMinutes(5);
        private Duration maxQuotaPause = Duration.ofHours(24);

        private Builder() {
        }

        private Builder(ProviderPolicy p) {
            maxAttempts = p.maxAttempts;
            baseBackoff = p.baseBackoff;
            maxBackoff = p.maxBackoff;
            defaultCallTimeout = p.defaultCallTimeout;
            connectTimeout = p.connectTimeout;
            readTimeout = p.readTimeout;
            circuitFailureRateThreshold = p.circuitFailureRateThreshold;
            circuitMinimumCalls = p.circuitMinimumCalls;
            circuitWindowSize = p.circuitWindowSize;
            circuitOpenDuration = p.circuitOpenDuration;
            circuitHalfOpenCalls = p.circuitHalfOpenCalls;
            maxRetryAfter = p.maxRetryAfter;
            maxQuotaPause = p.maxQuotaPause;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backoff(Duration base, Duration max) {
            this.baseBackoff = base;
            this.maxBackoff = max;
            return this;
        }

        public Builder defaultCallTimeout(Duration timeout) {
            this.defaultCallTimeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        public Builder circuitBreaker(float failureRateThreshold, int minimumCalls, int windowSize,
                                      Duration openDuration, int halfOpenCalls) {
            this.circuitFailureRateThreshold = failureRateThreshold;
            this.circuitMinimumCalls = minimumCalls;
            this.circuitWindowSize = windowSize;
            this.circuitOpenDuration = openDuration;
            this.circuitHalfOpenCalls = halfOpenCalls;
            return this;
        }

        /** Longest pause a provider's Retry-After may impose outside a documented quota reset (default 5 min). */
        public Builder maxRetryAfter(Duration ceiling) {
            this.maxRetryAfter = ceiling;
            return this;
        }

        /** Longest pause an exhausted documented quota may impose (default 24 h, at most 7 days). */
        public Builder maxQuotaPause(Duration ceiling) {
            this.maxQuotaPause = ceiling;
            return this;
        }

        public ProviderPolicy build() {
            return new ProviderPolicy(maxAttempts, baseBackoff, maxBackoff, defaultCallTimeout, connectTimeout,
                    readTimeout, circuitFailureRateThreshold, circuitMinimumCalls, circuitWindowSize,
                    circuitOpenDuration, circuitHalfOpenCalls, maxRetryAfter, maxQuotaPause);
        }
    }
}
