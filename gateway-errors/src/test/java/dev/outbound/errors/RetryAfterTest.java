package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

    @Test
    void readsDeltaSeconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 5 ", NOW)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
    }

    @Test
    void readsFractionalSeconds() {
        assertThat(RetryAfter.parse("1.5", NOW)).contains(Duration.ofMillis(1500));
    }

    @Test
    void readsAnHttpDateRelativeToTheClock() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:30:00 GMT", NOW)).contains(Duration.ofMinutes(2));
    }

    @Test
    void readsTheHeaderOfAResponseWithAFixedClock() {
        ProviderResponse r = ProviderResponse.of(503, Map.of("RETRY-AFTER", List.of("Wed, 21 Oct 2015 07:28:10 GMT")),
                new byte[0]);

        assertThat(RetryAfter.of(r, Clock.fixed(NOW, ZoneOffset.UTC))).contains(Duration.ofSeconds(10));
    }

    @Test
    void turnsADateInThePastIntoZero() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void turnsNegativeSecondsIntoZero() {
        assertThat(RetryAfter.parse("-30", NOW)).contains(Duration.ZERO);
    }

    @Test
    void capsAbsurdlyLongWaits() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(RetryAfter.MAX);
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).contains(RetryAfter.MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "soon", "12abc", "1.2.3", "-", ".", "Wed, 99 Foo 2015 07:28:00 GMT",
            "2015-10-21T07:28:00Z", "\u0661\u0662"})
    void leavesGarbageAbsent(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEmpty();
    }

    @Test
    void isAbsentWithoutTheHeader() {
        assertThat(RetryAfter.of(ProviderResponse.of(429, Map.of(), new byte[0]), Clock.systemUTC())).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }
}
