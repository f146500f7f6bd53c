package dev.outbound.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * HubSpot's rate-limit response headers, read leniently: {@code X-HubSpot-RateLimit-Daily},
 * {@code -Daily-Remaining}, {@code -Secondly}, {@code -Secondly-Remaining} (documented in HubSpot's 2018 changelog
 * for API-key requests) and the rolling-window trio {@code X-HubSpot-RateLimit-Max}, {@code -Remaining},
 * {@code -Interval-Milliseconds} (seen on OAuth and private-app responses; not in PROVIDERS.md, so optional).
 * A missing or unreadable header is simply absent. An adapter uses it to classify a 429: when
 * {@link #dailyExhausted()} the envelope gets reason {@code quota_exhausted}, so the limiter blocks the account until
 * the quota resets instead of retrying. Immutable and thread-safe.
 *
 * @param daily the daily limit
 * @param dailyRemaining requests left today
 * @param secondly the per-second limit
 * @param secondlyRemaining requests left this second
 * @param max the rolling-window limit
 * @param remaining requests left in the rolling window
 * @param interval the rolling window's length
 */
public record HubSpotRateLimitHeaders(OptionalLong daily, OptionalLong dailyRemaining, OptionalLong secondly,
                                      OptionalLong secondlyRemaining, OptionalLong max, OptionalLong remaining,
                                      Optional<Duration> interval) {

    private static final String PREFIX = "X-HubSpot-RateLimit-";

    public HubSpotRateLimitHeaders {
        Objects.requireNonNull(daily, "daily");
        Objects.requireNonNull(dailyRemaining, "dailyRemaining");
        Objects.requireNonNull(secondly, "secondly");
        Objects.requireNonNull(secondlyRemaining, "secondlyRemaining");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(interval, "interval");
    }

    /**
     * Reads the headers through {@code header}, a case-insensitive lookup such as
     * {@code ProviderResponse::header}.
     */
    public static HubSpotRateLimitHeaders parse(Function<String, Optional<String>> header) {
        Objects.requireNonNull(header, "header");
        OptionalLong intervalMs = number(header, "Interval-Milliseconds");
        return new HubSpotRateLimitHeaders(number(header, "Daily"), number(header, "Daily-Remaining"),
                number(header, "Secondly"), number(header, "Secondly-Remaining"), number(header, "Max"),
                number(header, "Remaining"),
                intervalMs.isPresent() && intervalMs.getAsLong() > 0
                        ? Optional.of(Duration.ofMillis(intervalMs.getAsLong())) : Optional.empty());
    }

    /** Whether the daily quota is used up. */
    public boolean dailyExhausted() {
        return dailyRemaining.isPresent() && dailyRemaining.getAsLong() <= 0;
    }

    /** Whether the per-second or rolling-window allowance is used up. */
    public boolean burstExhausted() {
        return (secondlyRemaining.isPresent() && secondlyRemaining.getAsLong() <= 0)
                || (remaining.isPresent() && remaining.getAsLong() <= 0);
    }

    private static OptionalLong number(Function<String, Optional<String>> header, String name) {
        Optional<String> value = header.apply(PREFIX + name);
        if (value == null || value.isEmpty()) {
            return OptionalLong.empty();
        }
        String v = value.get().strip();
        if (v.isEmpty() || v.length() > 18) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(v);
            return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
