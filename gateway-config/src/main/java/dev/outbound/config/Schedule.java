package dev.outbound.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/** When an integration syncs. Immutable and thread-safe. */
public sealed interface Schedule {

    /** Driven by the provider's webhooks or real-time events; never polled. */
    record Webhook() implements Schedule {
    }

    /**
     * Polled at an interval. With {@code min < max} the poller adapts the interval to the observed change rate
     * within those bounds, starting at {@code every}; with {@code min == max == every} it is fixed.
     */
    record Interval(Duration every, Duration min, Duration max) implements Schedule {
        public Interval {
            Objects.requireNonNull(every, "every");
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isZero() || min.isNegative()) {
                throw new IllegalArgumentException("min must be positive, was " + min);
            }
            if (min.compareTo(every) > 0 || every.compareTo(max) > 0) {
                throw new IllegalArgumentException("expected min <= every <= max, was min " + min + ", every " + every
                        + ", max " + max);
            }
        }

        /** A fixed interval. */
        public static Interval fixed(Duration every) {
            return new Interval(every, every, every);
        }

        public boolean isAdaptive() {
            return min.compareTo(max) < 0;
        }
    }

    /** Polled at the fire times of a cron expression, read in {@code zone}. */
    record Cron(CronExpression expression, ZoneId zone) implements Schedule {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
        }
    }
}
