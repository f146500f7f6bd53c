package dev.outbound.gateway.spi;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Priority;
import java.time.Instant;
import java.util.Objects;

/**
 * Admits calls before they reach the provider: per-account buckets, app-level buckets, concurrency slots. The
 * pipeline takes one permit per attempt and always closes it, on every path. Must be thread-safe.
 */
public interface RateLimiter {

    /**
     * Waits for every permit that applies to this request, in priority order, until the request's deadline.
     *
     * @throws dev.outbound.errors.IntegrationException {@code RATE_LIMITED} (reason {@code local_quota}, with a
     *     retry-after) when the permits would not come before the deadline, or {@code limiter_unavailable}
     */
    Permit acquire(PermitRequest request) throws InterruptedException;

    /**
     * Tells the limiter that the provider said "too many requests" (a 429 or its equivalent), so it can pause the
     * account's or app's bucket for every worker. Must be fast and must not throw.
     */
    default void onProviderRateLimit(AccountKey account, ErrorEnvelope envelope) {
    }

    /** A limiter that admits everything at once: the default when no limits are configured. */
    static RateLimiter unlimited() {
        return request -> Permit.NONE;
    }

    /**
     * What a call asks for.
     *
     * @param account the account the call is for
     * @param operation the caller's operation name
     * @param priority the call's priority
     * @param deadline when the call must be over
     */
    record PermitRequest(AccountKey account, String operation, Priority priority, Instant deadline) {
        public PermitRequest {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(deadline, "deadline");
        }
    }

    /** The right to send one request; closing it gives back what must be given back (concurrency slots). */
    interface Permit extends AutoCloseable {
        /** A permit with nothing to release. */
        Permit NONE = () -> { };

        @Override
        void close();
    }
}
