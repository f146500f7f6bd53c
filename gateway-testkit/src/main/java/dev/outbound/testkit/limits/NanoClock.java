package dev.outbound.testkit.limits;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that reads {@link System#nanoTime()} from a wall-clock anchor taken once: it never jumps when the system
 * clock is corrected, so a rolling window measured on it is exact to the nanosecond. Immutable and thread-safe.
 */
final class NanoClock extends Clock {
    private final Instant anchor;
    private final long anchorNanos;
    private final ZoneId zone;

    NanoClock() {
        this(Instant.now(), System.nanoTime(), ZoneOffset.UTC);
    }

    private NanoClock(Instant anchor, long anchorNanos, ZoneId zone) {
        this.anchor = anchor;
        this.anchorNanos = anchorNanos;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new NanoClock(anchor, anchorNanos, zone);
    }

    @Override
    public Instant instant() {
        return anchor.plusNanos(System.nanoTime() - anchorNanos);
    }
}
