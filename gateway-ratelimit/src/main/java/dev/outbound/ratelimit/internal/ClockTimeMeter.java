package dev.outbound.ratelimit.internal;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Bucket4j's time source read from a {@link Clock}, so buckets follow the gateway's clock (and a test's fake
 * clock). Wall-clock based: distributed buckets compare these readings across nodes, which therefore need
 * synchronized clocks, as Bucket4j's own client-side clock would. Thread-safe.
 */
public final class ClockTimeMeter implements TimeMeter {
    private final Clock clock;

    public ClockTimeMeter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
