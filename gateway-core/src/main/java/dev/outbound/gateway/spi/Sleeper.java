package dev.outbound.gateway.spi;

import java.time.Duration;

/**
 * Waits. The pipeline never calls {@link Thread#sleep} itself: retry backoff and rate-limit waits go through the
 * gateway's sleeper, so tests can pass the testkit's fake clock (which is also a sleeper that advances itself)
 * and never wait for real time. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits for {@code duration}; returns at once for zero or negative durations. */
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps on the calling thread for real time. */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
            }
        };
    }
}
