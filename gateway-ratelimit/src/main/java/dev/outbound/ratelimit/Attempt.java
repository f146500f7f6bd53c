package dev.outbound.ratelimit;

import dev.outbound.gateway.spi.RateLimiter;
import java.time.Duration;

/**
 * One try at every permit of a plan: granted (permit set), or how long to wait and why. Immutable.
 *
 * @param permit the permit, or null when not granted
 * @param delay how long to wait before trying again; at least {@link #MIN_WAIT} when not granted
 * @param reason the envelope reason a refusal carries
 * @param detail what ran short, for the refusal's message
 */
record Attempt(RateLimiter.Permit permit, Duration delay, String reason, String detail) {
    /** A refill estimate of zero would make a waiter spin; a millisecond keeps it waiting on the clock. */
    static final Duration MIN_WAIT = Duration.ofMillis(1);

    boolean granted() {
        return permit != null;
    }

    static Attempt granted(RateLimiter.Permit permit) {
        return new Attempt(permit, Duration.ZERO, "", "");
    }

    static Attempt waitFor(Duration wait, String reason, String detail) {
        return new Attempt(null, wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait, reason, detail);
    }
}
