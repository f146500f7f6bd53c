package dev.outbound.providers.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.spi.LimitUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubSpotRateLimitHeadersTest {

    @Test
    void readsTheDailyAndSecondlyHeadersInAnyCase() {
        List<LimitUsage> usage = HubSpotRateLimitHeaders.parse(Map.of(
                "X-HubSpot-RateLimit-Daily", List.of("250000"), "X-HubSpot-RateLimit-Daily-Remaining", List.of("0"),
                "x-hubspot-ratelimit-secondly", List.of("10"), "X-HubSpot-RateLimit-Secondly-Remaining",
                List.of("9")));

        assertThat(usage).containsExactly(
                new LimitUsage("daily", 250_000, 0, Optional.of(Duration.ofDays(1))),
                new LimitUsage("secondly", 10, 9, Optional.empty()));
        assertThat(usage.get(0).usedFraction()).as("the daily quota is used up").isEqualTo(1.0);
    }

    @Test
    void readsTheRollingWindowAndIgnoresGarbage() {
        List<LimitUsage> usage = HubSpotRateLimitHeaders.parse(Map.of(
                "X-HubSpot-RateLimit-Max", List.of("100"), "X-HubSpot-RateLimit-Remaining", List.of("0"),
                "X-HubSpot-RateLimit-Interval-Milliseconds", List.of("10000"),
                "X-HubSpot-RateLimit-Daily", List.of("lots"), "X-HubSpot-RateLimit-Daily-Remaining", List.of("5")));

        assertThat(usage).containsExactly(new LimitUsage("rolling", 100, 0, Optional.of(Duration.ofSeconds(10))));
    }

    @Test
    void aLimitWithoutBothHeadersOrWithANegativeOrZeroIntervalHasNoWindow() {
        assertThat(HubSpotRateLimitHeaders.parse(Map.of("X-HubSpot-RateLimit-Daily", List.of("250000")))).isEmpty();
        assertThat(HubSpotRateLimitHeaders.parse(Map.of("X-HubSpot-RateLimit-Max", List.of("100"),
                "X-HubSpot-RateLimit-Remaining", List.of("40"), "X-HubSpot-RateLimit-Interval-Milliseconds",
                List.of("0")))).containsExactly(new LimitUsage("rolling", 100, 40, Optional.empty()));
    }
}
