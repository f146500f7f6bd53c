package dev.outbound.providers.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.spi.LimitUsage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SalesforceLimitInfoTest {
    private static final Optional<Duration> DAY = Optional.of(Duration.ofHours(24));

    @Test
    void readsTheOrgAndTheConnectedAppUsage() {
        List<LimitUsage> usage = SalesforceLimitInfo
                .parse("api-usage=25/5000; per-app-api-usage=250/250(appName=sample-connected-app)");

        assertThat(usage).containsExactly(new LimitUsage("api-usage", 5000, 4975, DAY),
                new LimitUsage("per-app-api-usage", 250, 0, DAY));
        assertThat(usage.get(0).used()).isEqualTo(25);
        assertThat(usage.get(1).usedFraction()).as("the app is out even though the org is not").isEqualTo(1.0);
    }

    @Test
    void readsThePreviewBurstItemWithoutAWindow() {
        assertThat(SalesforceLimitInfo.parse("api-usage=10018/100000; api-bursts=1/750")).containsExactly(
                new LimitUsage("api-usage", 100_000, 89_982, DAY),
                new LimitUsage("api-bursts", 750, 749, Optional.empty()));
    }

    @Test
    void skipsUnreadableValuesAndNeverReportsANegativeRemainder() {
        assertThat(SalesforceLimitInfo.parse("api-usage=abc")).isEmpty();
        assertThat(SalesforceLimitInfo.parse(null)).isEmpty();
        assertThat(SalesforceLimitInfo.parse("api-usage=" + "9".repeat(30) + "/5000")).isEmpty();
        assertThat(SalesforceLimitInfo.parse("per-app-api-usage=1/2"))
                .containsExactly(new LimitUsage("per-app-api-usage", 2, 1, DAY));
        assertThat(SalesforceLimitInfo.parse("api-usage=5001/5000"))
                .containsExactly(new LimitUsage("api-usage", 5000, 0, DAY));
    }
}
