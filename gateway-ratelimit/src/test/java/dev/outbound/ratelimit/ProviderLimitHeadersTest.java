package dev.outbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class ProviderLimitHeadersTest {

    private static java.util.function.Function<String, Optional<String>> headers(Map<String, String> values) {
        TreeMap<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(values);
        return name -> Optional.ofNullable(map.get(name));
    }

    @Test
    void readsHubSpotDailyAndSecondlyHeaders() {
        HubSpotRateLimitHeaders h = HubSpotRateLimitHeaders.parse(headers(Map.of(
                "X-HubSpot-RateLimit-Daily", "250000", "X-HubSpot-RateLimit-Daily-Remaining", "0",
                "x-hubspot-ratelimit-secondly", "10", "X-HubSpot-RateLimit-Secondly-Remaining", "9")));

        assertThat(h.daily()).hasValue(250_000);
        assertThat(h.secondly()).hasValue(10);
        assertThat(h.dailyExhausted()).isTrue();
        assertThat(h.burstExhausted()).isFalse();
    }

    @Test
    void readsTheHubSpotRollingWindowAndIgnoresGarbage() {
        HubSpotRateLimitHeaders h = HubSpotRateLimitHeaders.parse(headers(Map.of(
                "X-HubSpot-RateLimit-Max", "100", "X-HubSpot-RateLimit-Remaining", "0",
                "X-HubSpot-RateLimit-Interval-Milliseconds", "10000", "X-HubSpot-RateLimit-Daily", "lots")));

        assertThat(h.interval()).hasValue(Duration.ofSeconds(10));
        assertThat(h.burstExhausted()).isTrue();
        assertThat(h.daily()).isEmpty();
        assertThat(h.dailyExhausted()).isFalse();
    }

    @Test
    void readsSalesforceOrgAndAppUsage() {
        SalesforceLimitInfo info = SalesforceLimitInfo
                .parse("api-usage=25/5000; per-app-api-usage=250/250(appName=sample-connected-app)").orElseThrow();

        assertThat(info.used()).isEqualTo(25);
        assertThat(info.limit()).isEqualTo(5000);
        assertThat(info.remaining()).isEqualTo(4975);
        assertThat(info.appUsed()).hasValue(250L);
        assertThat(info.exhausted()).as("the app is out even though the org is not").isTrue();
        assertThat(info.fractionUsed()).isEqualTo(1.0);
    }

    @Test
    void readsTheSalesforcePreviewFormatAndRejectsUnreadableValues() {
        SalesforceLimitInfo info = SalesforceLimitInfo.parse("api-usage=10018/100000; api-bursts=1/750")
                .orElseThrow();

        assertThat(info.remaining()).isEqualTo(89_982);
        assertThat(info.exhausted()).isFalse();
        assertThat(SalesforceLimitInfo.parse("per-app-api-usage=1/2")).isEmpty();
        assertThat(SalesforceLimitInfo.parse("api-usage=abc")).isEmpty();
        assertThat(SalesforceLimitInfo.parse(null)).isEmpty();
    }
}
