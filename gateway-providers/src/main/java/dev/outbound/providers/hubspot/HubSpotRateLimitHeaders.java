package dev.outbound.providers.hubspot;

import dev.outbound.gateway.spi.LimitUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses HubSpot's rate-limit headers (PROVIDERS.md §2, introduced for API-key requests in 2018):
 * {@code X-HubSpot-RateLimit-Daily} / {@code -Daily-Remaining} (a day) and {@code X-HubSpot-RateLimit-Secondly} /
 * {@code -Secondly-Remaining} (whose window — one second or ten — the changelog does not pin down, so it is left
 * empty); and the rolling-window trio {@code X-HubSpot-RateLimit-Max} / {@code -Remaining} /
 * {@code -Interval-Milliseconds} seen on OAuth and private-app responses (not in PROVIDERS.md: UNVERIFIED, read when
 * present). Header names are matched in any case. Stateless.
 */
public final class HubSpotRateLimitHeaders {
    public static final String DAILY = "X-HubSpot-RateLimit-Daily";
    public static final String DAILY_REMAINING = "X-HubSpot-RateLimit-Daily-Remaining";
    public static final String SECONDLY = "X-HubSpot-RateLimit-Secondly";
    public static final String SECONDLY_REMAINING = "X-HubSpot-RateLimit-Secondly-Remaining";
    public static final String MAX = "X-HubSpot-RateLimit-Max";
    public static final String REMAINING = "X-HubSpot-RateLimit-Remaining";
    public static final String INTERVAL_MILLISECONDS = "X-HubSpot-RateLimit-Interval-Milliseconds";

    private HubSpotRateLimitHeaders() {
    }

    /** The limits the headers report; a limit without both its headers, or with unreadable ones, is skipped. */
    public static List<LimitUsage> parse(Map<String, List<String>> headers) {
        List<LimitUsage> out = new ArrayList<>(3);
        pair(headers, DAILY, DAILY_REMAINING, "daily", Optional.of(Duration.ofDays(1))).ifPresent(out::add);
        pair(headers, SECONDLY, SECONDLY_REMAINING, "secondly", Optional.empty()).ifPresent(out::add);
        Optional<Duration> interval = number(headers, INTERVAL_MILLISECONDS).filter(ms -> ms > 0)
                .map(Duration::ofMillis);
        pair(headers, MAX, REMAINING, "rolling", interval).ifPresent(out::add);
        return out;
    }

    private static Optional<LimitUsage> pair(Map<String, List<String>> headers, String limitName,
                                                 String remainingName, String name, Optional<Duration> window) {
        Optional<Long> limit = number(headers, limitName);
        Optional<Long> remaining = number(headers, remainingName);
        if (limit.isEmpty() || remaining.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LimitUsage(name, limit.get(), remaining.get(), window));
    }

    private static Optional<Long> number(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && h.getValue() != null
                    && !h.getValue().isEmpty() && h.getValue().get(0) != null) {
                String v = h.getValue().get(0).strip();
                if (v.matches("\\d{1,18}")) {
                    return Optional.of(Long.parseLong(v));
                }
            }
        }
        return Optional.empty();
    }
}
