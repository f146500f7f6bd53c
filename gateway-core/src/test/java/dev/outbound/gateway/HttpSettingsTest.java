package dev.outbound.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpSettingsTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void theDefaultsCapInflationAndShareABudgetThatFitsOneFullResponse() {
        HttpSettings d = HttpSettings.defaults();

        assertThat(d.maxInflationRatio()).isEqualTo(100);
        assertThat(d.maxBufferedBytesTotal()).isBetween(64 * MIB, 256 * MIB)
                .isGreaterThanOrEqualTo(d.maxResponseBytes());
    }

    @Test
    void eachInvalidNewSettingIsNamed() {
        assertThatThrownBy(() -> HttpSettings.builder().maxInflationRatio(0).build())
                .hasMessageContaining("maxInflationRatio");
        assertThatThrownBy(() -> HttpSettings.builder().maxBufferedBytesTotal(0))
                .hasMessageContaining("maxBufferedBytesTotal");
        assertThatThrownBy(() -> HttpSettings.builder().maxResponseBytes(8 * MIB).maxBufferedBytesTotal(4 * MIB).build())
                .hasMessageContaining("maxBufferedBytesTotal must be at least maxResponseBytes");
        assertThatThrownBy(() -> HttpSettings.defaults().withMaxBufferedBytesTotal(1024))
                .hasMessageContaining("maxBufferedBytesTotal");
    }

    @Test
    void aBudgetNotSetGrowsWithALargerResponseCap() {
        HttpSettings s = HttpSettings.builder().maxResponseBytes(512 * MIB).build();

        assertThat(s.maxBufferedBytesTotal()).isEqualTo(512 * MIB);
    }

    @Test
    void withersChangeOneSettingAndKeepTheRest() {
        HttpSettings s = HttpSettings.builder().maxRedirects(2).maxBufferedBytesTotal(300 * MIB).build()
                .withMaxInflationRatio(40).withMaxResponseBytes(100 * MIB);

        assertThat(s.maxInflationRatio()).isEqualTo(40);
        assertThat(s.maxResponseBytes()).isEqualTo(100 * MIB);
        assertThat(s.maxRedirects()).isEqualTo(2);
        assertThat(s.maxBufferedBytesTotal()).isEqualTo(300 * MIB);
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }
}
