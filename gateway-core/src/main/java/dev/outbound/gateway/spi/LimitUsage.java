package dev.outbound.gateway.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one provider response says about one of the provider's limits: how large it is and how much is left, e.g.
 * Salesforce {@code Sforce-Limit-Info: api-usage=18/5000}. Adapters read it in {@link ProviderAdapter#usage}; the
 * gateway passes it to {@link RateLimiter#onUsage} so the limiter follows the provider's own count (other apps of the
 * customer spend the same allocation). Immutable and thread-safe.
 *
 * @param limitName the {@link LimitDeclaration#name()} of the declared limit it refers to, or the provider's own
 *     name of the limit when the adapter declares none that matches
 * @param limit the size of the limit as the provider reports it
 * @param remaining what is left of it (never negative)
 * @param window the limit's window, when the response or the documentation says
 */
public record LimitUsage(String limitName, long limit, long remaining, Optional<Duration> window) {

    public LimitUsage {
        Objects.requireNonNull(limitName, "limitName");
        Objects.requireNonNull(window, "window");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        remaining = Math.max(0, remaining);
    }

    /** How much of the limit is used. */
    public long used() {
        return Math.max(0, limit - remaining);
    }

    /** The used share in [0, 1]; 1 for a limit of zero. */
    public double usedFraction() {
        return limit == 0 ? 1.0 : Math.min(1.0, (double) used() / limit);
    }
}
