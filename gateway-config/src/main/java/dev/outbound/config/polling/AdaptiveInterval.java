package dev.outbound.config.polling;

import java.time.Duration;

/**
 * Chooses the next polling interval from the observed change rate: aim for about {@code target} changes per poll,
 * within {@code [min, max]}. The rate is an exponentially weighted average (each poll counts half), so one burst or
 * one quiet poll moves the interval without throwing it to a bound. A poll that ended with more waiting goes to
 * {@code min}. Pure function; thread-safe.
 */
final class AdaptiveInterval {

    private static final double WEIGHT = 0.5;

    private AdaptiveInterval() {
    }

    /** The new average rate (changes per second); {@code previous} is NaN before the first poll. */
    static double rate(double previous, int changes, Duration elapsed) {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        double observed = changes / seconds;
        return Double.isNaN(previous) ? observed : WEIGHT * observed + (1 - WEIGHT) * previous;
    }

    static Duration next(Duration current, double rate, int target, boolean backlog, Duration min, Duration max) {
        if (backlog) {
            return min;
        }
        Duration wanted;
        if (rate <= 0) {
            // Nothing seen yet: back off geometrically rather than jump to the maximum.
            wanted = current.multipliedBy(2);
        } else {
            double seconds = target / rate;
            wanted = seconds >= max.getSeconds() ? max : Duration.ofMillis((long) (seconds * 1000));
        }
        if (wanted.compareTo(min) < 0) {
            return min;
        }
        return wanted.compareTo(max) > 0 ? max : wanted;
    }
}
