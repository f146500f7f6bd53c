package dev.outbound.ratelimit;

import dev.outbound.gateway.spi.Sleeper;
import dev.outbound.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A sleeper for tests with several threads: a sleep blocks until the test moves the fake clock past its end (or
 * the thread is interrupted), so the test decides who wakes when. Real time only bounds the wait, so a test that
 * forgets to move the clock fails instead of hanging.
 */
final class ManualSleeper implements Sleeper {
    private static final long MAX_REAL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final FakeClock clock;
    private final Object lock = new Object();
    private int sleeping;

    ManualSleeper(FakeClock clock) {
        this.clock = clock;
        clock.addListener((from, to) -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        });
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        Instant until = clock.instant().plus(duration);
        long realDeadline = System.nanoTime() + MAX_REAL_WAIT_NANOS;
        synchronized (lock) {
            sleeping++;
            lock.notifyAll();
            try {
                while (clock.instant().isBefore(until)) {
                    long left = realDeadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("the test never moved the clock past " + until);
                    }
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } finally {
                sleeping--;
                lock.notifyAll();
            }
        }
    }

    /** Waits (bounded by real time) until exactly {@code n} threads are asleep in this sleeper. */
    void awaitSleepers(int n) throws InterruptedException {
        long realDeadline = System.nanoTime() + MAX_REAL_WAIT_NANOS;
        synchronized (lock) {
            while (sleeping != n) {
                long left = realDeadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " sleeping threads, have " + sleeping);
                }
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }
}
