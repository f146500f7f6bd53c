package dev.outbound.examples;

import dev.outbound.config.Schedule;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * The demo's stand-in for a scheduler: when each integration is due, and the health monitor's minute ticks, all on
 * the fake clock. Stateless.
 */
final class DemoSchedule {

    private DemoSchedule() {
    }

    /** Intervals start at once; a cron schedule at its first fire time from {@code start} on. */
    static Instant firstDue(Schedule schedule, Instant start) {
        return schedule instanceof Schedule.Interval ? start : nextDue(schedule, start.minusSeconds(1));
    }

    /**
     * When a schedule next fires after {@code after}. The demo ticks every {@link SyncDemo#SYNC_EVERY}, so an
     * integration runs on the first tick at or after that. Adaptive intervals run at their starting interval here.
     */
    static Instant nextDue(Schedule schedule, Instant after) {
        if (schedule instanceof Schedule.Interval interval) {
            return after.plus(interval.every());
        }
        if (schedule instanceof Schedule.Cron cron) {
            return cron.expression().next(after.atZone(cron.zone())).map(ZonedDateTime::toInstant).orElse(Instant.MAX);
        }
        return Instant.MAX; // webhook: pushed by the provider, never polled
    }

    /** The scheduler's minute ticks, on the fake clock. */
    static void evaluateEveryMinuteUntil(FakeClock clock, HealthMonitor monitor, Instant until) {
        while (clock.instant().isBefore(until)) {
            Duration step = Duration.between(clock.instant(), until);
            clock.advance(step.compareTo(Duration.ofMinutes(1)) < 0 ? step : Duration.ofMinutes(1));
            monitor.evaluate();
        }
    }
}
