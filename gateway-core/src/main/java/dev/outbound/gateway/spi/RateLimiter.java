package dev.outbound.gateway.spi;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Priority;
import java.time.Instant;
import java.util.List;
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

    /**
     * The limits {@code provider} documents ({@link ProviderAdapter#documentedLimits()}), declared by the gateway
     * once for every adapter it registers or discovers, before that provider's first call. A limiter applies them
     * where it has no explicit configuration for the provider or account. Must not throw.
     */
    default void declare(String provider, List<LimitDeclaration> limits) {
    }

    /**
     * What one of the provider's responses for {@code account} said about a limit ({@link ProviderAdapter#usage}),
     * reported after every attempt that got a response, success or error. A limiter may lower its own count to the
     * provider's when fewer requests remain than it believes; it must never raise it. Must be fast and must not throw.
     */
    default void onUsage(AccountKey account, LimitUsage usage) {
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
