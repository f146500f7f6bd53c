package dev.outbound.errors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The closed taxonomy every provider error is normalized into. Each category carries what the pipeline does
 * about it (retry, circuit breaking) and what it means for alerting, so that adapters only decide the category
 * and the pipeline stays the same for every provider.
 *
 * <p>Immutable and thread-safe.
 */
public enum ErrorCategory {
    /** Credentials rejected: expired, revoked or lacking permission. Refresh once and retry once. */
    AUTH_FAILURE(RetryStrategy.REFRESH_THEN_RETRY_ONCE, false,
            "alert when it persists after a credential refresh"),
    /** The provider (or our own limiter) asks us to slow down. Back off, honouring Retry-After. */
    RATE_LIMITED(RetryStrategy.BACKOFF, false,
            "alert only when the rate-limit backlog keeps growing, never on a single 429"),
    /** The request itself is wrong; sending it again cannot help. */
    VALIDATION_ERROR(RetryStrategy.NONE, false,
            "record-level: counted against the sync run, never alerted alone"),
    /** The provider failed (5xx, fault bodies). Back off; counts against the circuit breaker. */
    SERVER_ERROR(RetryStrategy.BACKOFF, true,
            "alert when sustained past a provider blip (5 minutes)"),
    /** No answer in time. Retried once; counts against the circuit breaker. */
    TIMEOUT(RetryStrategy.ONCE, true,
            "alert when sustained past a provider blip (5 minutes)"),
    /** The target changed under us (412, 409, idempotency conflicts); re-read before writing again. */
    CONFLICT(RetryStrategy.NONE, false,
            "record-level: counted against the sync run, never alerted alone"),
    /** The addressed resource does not exist. */
    NOT_FOUND(RetryStrategy.NONE, false,
            "record-level: counted against the sync run, never alerted alone");

    /** How the pipeline's retry stage treats a category. */
    public enum RetryStrategy {
        /** Never retried. */
        NONE,
        /** Retried once, immediately. */
        ONCE,
        /** Retried with exponential backoff and full jitter, honouring Retry-After, within the deadline. */
        BACKOFF,
        /** The credential is invalidated and refreshed, then the call is retried once. */
        REFRESH_THEN_RETRY_ONCE
    }

    private final RetryStrategy retryStrategy;
    private final boolean circuitFailure;
    private final String alertMeaning;
    private final String wireName;

    ErrorCategory(RetryStrategy retryStrategy, boolean circuitFailure, String alertMeaning) {
        this.retryStrategy = retryStrategy;
        this.circuitFailure = circuitFailure;
        this.alertMeaning = alertMeaning;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    public RetryStrategy retryStrategy() {
        return retryStrategy;
    }

    /** Whether this category counts as a failure for circuit breakers (only server errors and timeouts do). */
    public boolean countsAsCircuitFailure() {
        return circuitFailure;
    }

    /** One sentence on when this category should reach a human. */
    public String alertMeaning() {
        return alertMeaning;
    }

    /** The stable lower-case name used in JSON, log lines and metric tags, e.g. {@code auth_failure}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name ({@code rate_limited}) or an enum name ({@code RATE_LIMITED}). */
    @JsonCreator
    public static ErrorCategory fromWireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("error category name must not be blank");
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown error category '" + name + "'; expected one of "
                    + java.util.Arrays.toString(values()), e);
        }
    }
}
