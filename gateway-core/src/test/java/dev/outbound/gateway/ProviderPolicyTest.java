package dev.outbound.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderPolicyTest {

    @Test
    void eachInvalidSettingIsNamed() {
        assertThatThrownBy(() -> ProviderPolicy.builder().maxAttempts(0).build()).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> ProviderPolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .build()).hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> ProviderPolicy.builder().readTimeout(Duration.ZERO).build())
                .hasMessageContaining("readTimeout must be positive");
        assertThatThrownBy(() -> ProviderPolicy.builder()
                .circuitBreaker(0f, 1, 1, Duration.ofSeconds(1), 1).build())
                .hasMessageContaining("circuitFailureRateThreshold");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        ProviderPolicy p = ProviderPolicy.builder().maxAttempts(5).readTimeout(Duration.ofSeconds(3))
                .circuitBreaker(25f, 5, 10, Duration.ofSeconds(9), 2).build();
        assertThat(p.toBuilder().build()).isEqualTo(p);
    }
}
