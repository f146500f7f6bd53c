package dev.outbound.config;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronExpressionTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ZonedDateTime next(String expression, String after) {
        return CronExpression.parse(expression).next(ZonedDateTime.parse(after)).orElseThrow();
    }

    @Test
    void findsTheNextMinuteStepStrictlyAfterTheGivenTime() {
        assertThat(next("*/15 * * * *", "2026-01-01T10:00:00Z[UTC]")).isEqualTo("2026-01-01T10:15:00Z[UTC]");
        assertThat(next("*/15 * * * *", "2026-01-01T10:14:59Z[UTC]")).isEqualTo("2026-01-01T10:15:00Z[UTC]");
        assertThat(next("5/20 * * * *", "2026-01-01T10:26:00Z[UTC]")).isEqualTo("2026-01-01T10:45:00Z[UTC]");
    }

    @Test
    void honoursHourRangesWeekdayNamesAndMonthRollover() {
        // 2026-01-02 is a Friday: after 18:45 the next business slot is Monday 08:00.
        assertThat(next("*/15 8-18 * * MON-FRI", "2026-01-02T18:50:00Z[UTC]")).isEqualTo("2026-01-05T08:00:00Z[UTC]");
        assertThat(next("0 0 1 * *", "2026-01-31T12:00:00Z[UTC]")).isEqualTo("2026-02-01T00:00:00Z[UTC]");
        assertThat(next("30 6 * JAN,jul 0", "2026-01-31T12:00:00Z[UTC]")).isEqualTo("2026-07-05T06:30:00Z[UTC]");
        assertThat(next("0 12 * * 7", "2026-01-01T00:00:00Z[UTC]")).isEqualTo("2026-01-04T12:00:00Z[UTC]");
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEither() {
        // The 15th, or any Monday: 2026-01-05 is a Monday and comes first.
        assertThat(next("0 9 15 * MON", "2026-01-01T00:00:00Z[UTC]")).isEqualTo("2026-01-05T09:00:00Z[UTC]");
    }

    @Test
    void readsFireTimesInTheScheduleZoneAcrossDaylightSaving() {
        ZonedDateTime after = ZonedDateTime.of(2026, 3, 29, 0, 0, 0, 0, ZoneId.of("Europe/Berlin"));
        // 02:30 does not exist on that night in Berlin; the fire moves past the gap.
        assertThat(CronExpression.parse("30 2 * * *").next(after).orElseThrow().toInstant())
                .isEqualTo("2026-03-29T01:30:00Z");
    }

    @Test
    void anExpressionThatNeverFiresHasNoNextTime() {
        assertThat(CronExpression.parse("0 0 30 2 *").next(ZonedDateTime.now(UTC))).isEmpty();
        assertThat(next("0 0 29 2 *", "2026-01-01T00:00:00Z[UTC]")).isEqualTo("2028-02-29T00:00:00Z[UTC]");
    }

    @Test
    void rejectsMalformedExpressionsNamingTheField() {
        assertThatThrownBy(() -> CronExpression.parse("* * * *")).hasMessageContaining("expected 5");
        assertThatThrownBy(() -> CronExpression.parse("60 * * * *")).hasMessageContaining("minute value 60");
        assertThatThrownBy(() -> CronExpression.parse("* 5-2 * * *")).hasMessageContaining("hour range '5-2' runs backwards");
        assertThatThrownBy(() -> CronExpression.parse("* * * FOO *")).hasMessageContaining("month has 'FOO'");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessageContaining("minute value 0");
    }
}
