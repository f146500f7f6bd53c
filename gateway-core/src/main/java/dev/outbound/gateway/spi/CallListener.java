package dev.outbound.gateway.spi;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Told of every call the gateway makes: one {@link #callStart} and then exactly one of {@link #callEnd} or
 * {@link #callFailed}, on the calling thread, once per call (after retries, not per attempt). Health tracking and
 * custom metrics hang off this hook.
 *
 * <p>Every method has a no-op default. Implementations must be thread-safe and fast (no I/O, no lock held for long):
 * they run inside the call. The pipeline logs and ignores an exception a listener throws, so a listener can never
 * break a call.
 */
public interface CallListener {

    /** A call is starting. */
    default void callStart(CallInfo call) {
    }

    /** The call succeeded. */
    default void callEnd(CallInfo call, Duration duration) {
    }

    /** The call failed with this envelope, after any retries. */
    default void callFailed(CallInfo call, ErrorEnvelope envelope, Duration duration) {
    }

    /** A listener that ignores every event. */
    static CallListener noop() {
        return new CallListener() {
            @Override
            public String toString() {
                return "CallListener.noop()";
            }
        };
    }

    /**
     * What a listener learns about a call: whose, for which integration, which operation, its correlation id and when
     * it started. Carries no URL, payload or credential. Immutable.
     *
     * @param account provider and customer
     * @param integration the integration the call was made for ({@code CallBuilder.integration}, e.g. the sync's
     *     name); empty when the caller named none
     * @param operation the caller's operation name
     * @param correlationId the call's correlation id
     * @param startedAt when the call started, by the gateway's clock
     */
    record CallInfo(AccountKey account, String integration, String operation, String correlationId,
                    Instant startedAt) {
        public CallInfo {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(integration, "integration");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(correlationId, "correlationId");
            Objects.requireNonNull(startedAt, "startedAt");
        }

        /** A call made outside any named integration. */
        public CallInfo(AccountKey account, String operation, String correlationId, Instant startedAt) {
            this(account, "", operation, correlationId, startedAt);
        }
    }
}
