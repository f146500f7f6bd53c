package dev.outbound.providers;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider's response headers say about one of its limits: how large it is and how much is left, e.g.
 * Salesforce {@code Sforce-Limit-Info: api-usage=18/5000} or HubSpot {@code X-HubSpot-RateLimit-Daily-Remaining}.
 * Parsed by each adapter's {@code rateLimitUsage(headers)} so that a rate limiter can follow the provider's own count.
 * Immutable and thread-safe.
 *
 * @param name the provider's name of the limit, e.g. {@code api-usage}, {@code daily}
 * @param limit the size of the limit
 * @param remaining what is left of it (never negative)
 * @param window the limit's window when the header says or the provider documents it
 */
public record RateLimitUsage(String name, long limit, long remaining, Optional<Duration> window) {

    public RateLimitUsage {
        Objects.requireNonNull(name, "name");
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
