package dev.outbound.ratelimit;

import java.util.Objects;

/**
 * What the limiter does when its backend (Redis, PostgreSQL) cannot be reached: refuse calls with
 * {@code RATE_LIMITED} reason {@code limiter_unavailable}, or go on with local buckets holding a conservative share
 * of each limit until the backend answers again. Either way the failure is logged once per outage and counted.
 * Immutable and thread-safe.
 *
 * @param mode fail closed or fall back to local buckets
 * @param localShare for {@link Mode#LOCAL_FALLBACK}, the share of each limit a node allows itself on its own, in
 *     (0, 1] (e.g. 1/n of the limit for n nodes); 1 for {@link Mode#FAIL_CLOSED}
 */
public record BackendFailurePolicy(Mode mode, double localShare) {

    /** The two behaviours. */
    public enum Mode {
        /** Refuse calls while the backend is down. */
        FAIL_CLOSED,
        /** Use local buckets with a share of each limit while the backend is down. */
        LOCAL_FALLBACK
    }

    public BackendFailurePolicy {
        Objects.requireNonNull(mode, "mode");
        if (!(localShare > 0 && localShare <= 1)) {
            throw new IllegalArgumentException("localShare must be in (0, 1], was " + localShare);
        }
    }

    /** Refuse calls while the backend is down: never risk the provider's limit. The default. */
    public static BackendFailurePolicy failClosed() {
        return new BackendFailurePolicy(Mode.FAIL_CLOSED, 1);
    }

    /** Go on with local buckets holding {@code share} of each limit (and of each concurrency cap, at least 1). */
    public static BackendFailurePolicy fallBackToLocal(double share) {
        return new BackendFailurePolicy(Mode.LOCAL_FALLBACK, share);
    }

    /** Whether calls are refused while the backend is down. */
    public boolean failsClosed() {
        return mode == Mode.FAIL_CLOSED;
    }
}
