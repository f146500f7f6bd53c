package dev.outbound.errors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider error, normalized: who called what, what the provider said, what category that falls in, and what
 * the pipeline did about it. Serializes to JSON with stable snake_case names so it can be logged and shipped.
 *
 * <p>Text fields are never null: an unknown value is the empty string. {@code httpStatus} is 0 when no HTTP
 * response was received (timeouts, open circuits, local rate limits). {@code rawError} is bounded and has had
 * secret-looking values removed before it gets here. Immutable and thread-safe.
 *
 * @param provider provider id, e.g. {@code salesforce}
 * @param customer customer id of the account the call was made for
 * @param operation the caller's operation name, e.g. {@code sync-accounts}
 * @param httpStatus HTTP status of the response, 0 when there was none
 * @param category normalized category
 * @param reason finer cause, see {@link Reasons}
 * @param providerCode the provider's own error code, e.g. {@code INVALID_SESSION_ID}
 * @param message the provider's (or the pipeline's) human-readable message
 * @param rawError the provider's error body, bounded and redacted
 * @param retryAfter how long the provider asked us to wait, if it said
 * @param attempt the attempt this envelope describes, 1-based (0 before any attempt)
 * @param maxAttempts the attempts the retry policy allowed for this call
 * @param correlationId the call's correlation id
 * @param timestamp when the error was observed
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"provider", "customer", "operation", "http_status", "category", "reason", "provider_code",
        "message", "retry_after_ms", "attempt", "max_attempts", "correlation_id", "timestamp", "raw_error"})
public record ErrorEnvelope(
        @JsonProperty("provider") String provider,
        @JsonProperty("customer") String customer,
        @JsonProperty("operation") String operation,
        @JsonProperty("http_status") int httpStatus,
        @JsonProperty("category") ErrorCategory category,
        @JsonProperty("reason") String reason,
        @JsonProperty("provider_code") String providerCode,
        @JsonProperty("message") String message,
        @JsonProperty("raw_error") String rawError,
        @JsonIgnore Optional<Duration> retryAfter,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("max_attempts") int maxAttempts,
        @JsonProperty("correlation_id") String correlationId,
        @JsonProperty("timestamp") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant timestamp) {

    public ErrorEnvelope {
        provider = nonNull(provider);
        customer = nonNull(customer);
        operation = nonNull(operation);
        Objects.requireNonNull(category, "category");
        reason = nonNull(reason);
        providerCode = nonNull(providerCode);
        message = nonNull(message);
        rawError = nonNull(rawError);
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        correlationId = nonNull(correlationId);
        timestamp = timestamp == null ? Instant.EPOCH : timestamp;
        if (httpStatus < 0 || httpStatus > 999) {
            throw new IllegalArgumentException("httpStatus must be 0..999, was " + httpStatus);
        }
    }

    @JsonCreator
    static ErrorEnvelope fromJson(
            @JsonProperty("provider") String provider,
            @JsonProperty("customer") String customer,
            @JsonProperty("operation") String operation,
            @JsonProperty("http_status") int httpStatus,
            @JsonProperty("category") ErrorCategory category,
            @JsonProperty("reason") String reason,
            @JsonProperty("provider_code") String providerCode,
            @JsonProperty("message") String message,
            @JsonProperty("raw_error") String rawError,
            @JsonProperty("retry_after_ms") Long retryAfterMillis,
            @JsonProperty("attempt") int attempt,
            @JsonProperty("max_attempts") int maxAttempts,
            @JsonProperty("correlation_id") String correlationId,
            @JsonProperty("timestamp") Instant timestamp) {
        return new ErrorEnvelope(provider, customer, operation, httpStatus, category, reason, providerCode, message,
                rawError, Optional.ofNullable(retryAfterMillis).map(Duration::ofMillis), attempt, maxAttempts,
                correlationId, timestamp);
    }

    /** The retry-after in milliseconds for JSON; absent when the provider did not say. */
    @JsonProperty("retry_after_ms")
    Long retryAfterMillisForJson() {
        return retryAfter.map(Duration::toMillis).orElse(null);
    }

    /** Starts an envelope of the given category; context fields are usually filled in later by the pipeline. */
    public static Builder builder(ErrorCategory category) {
        return new Builder(category);
    }

    /** A builder holding this envelope's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(category);
        b.provider = provider;
        b.customer = customer;
        b.operation = operation;
        b.httpStatus = httpStatus;
        b.reason = reason;
        b.providerCode = providerCode;
        b.message = message;
        b.rawError = rawError;
        b.retryAfter = retryAfter.orElse(null);
        b.attempt = attempt;
        b.maxAttempts = maxAttempts;
        b.correlationId = correlationId;
        b.timestamp = timestamp;
        return b;
    }

    /** A copy that says which call it belongs to. */
    public ErrorEnvelope withCall(String provider, String customer, String operation, String correlationId) {
        return toBuilder().provider(provider).customer(customer).operation(operation).correlationId(correlationId)
                .build();
    }

    /** A copy that says which attempt it describes. */
    public ErrorEnvelope withAttempt(int attempt, int maxAttempts) {
        return toBuilder().attempt(attempt, maxAttempts).build();
    }

    /**
     * The one-line summary an on-call engineer reads, e.g. {@code auth_failure on acme/salesforce (sync-accounts):
     * INVALID_SESSION_ID Session expired or invalid [HTTP 401, attempt 2 of 3]}.
     */
    public String summary() {
        StringBuilder s = new StringBuilder(160);
        s.append(category.wireName()).append(" on ")
                .append(customer.isEmpty() ? "?" : customer).append('/').append(provider.isEmpty() ? "?" : provider);
        if (!operation.isEmpty()) {
            s.append(" (").append(operation).append(')');
        }
        s.append(':');
        if (!providerCode.isEmpty()) {
            s.append(' ').append(providerCode);
        }
        // The reason is shown only when there is no message: a provider message says more than our reason token,
        // and printing both made the line longer without helping the reader (the reason stays in the envelope).
        if (!message.isEmpty()) {
            s.append(' ').append(oneLine(message));
        } else if (!reason.isEmpty()) {
            s.append(' ').append(reason);
        } else if (providerCode.isEmpty()) {
            s.append(" no message");
        }
        s.append(" [");
        s.append(httpStatus == 0 ? "no HTTP response" : "HTTP " + httpStatus);
        retryAfter.ifPresent(d -> s.append(", retry after ").append(formatDuration(d)));
        if (attempt > 0) {
            s.append(", attempt ").append(attempt);
            if (maxAttempts > 0) {
                s.append(" of ").append(maxAttempts);
            }
        }
        s.append(']');
        // Provider text (message, code) must not break or reorder the log line this summary becomes.
        return SafeText.escapeLineBreaking(s.toString());
    }

    @Override
    public String toString() {
        return "ErrorEnvelope[" + summary() + (correlationId.isEmpty() ? "" : ", correlation_id=" + correlationId)
                + "]";
    }

    private static String formatDuration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** Builds an {@link ErrorEnvelope}. Not thread-safe. */
    public static final class Builder {
        private final ErrorCategory category;
        private String provider;
        private String customer;
        private String operation;
        private int httpStatus;
        private String reason;
        private String providerCode;
        private String message;
        private String rawError;
        private Duration retryAfter;
        private int attempt;
        private int maxAttempts;
        private String correlationId;
        private Instant timestamp;

        private Builder(ErrorCategory category) {
            this.category = Objects.requireNonNull(category, "category");
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder customer(String customer) {
            this.customer = customer;
            return this;
        }

        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        public Builder httpStatus(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder providerCode(String providerCode) {
            this.providerCode = providerCode;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** The provider's error body; callers pass text already bounded and redacted. */
        public Builder rawError(String rawError) {
            this.rawError = rawError;
            return this;
        }

        public Builder retryAfter(Duration retryAfter) {
            if (retryAfter != null && retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
            }
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder attempt(int attempt, int maxAttempts) {
            if (attempt < 0 || maxAttempts < 0) {
                throw new IllegalArgumentException("attempt and maxAttempts must not be negative");
            }
            this.attempt = attempt;
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public ErrorEnvelope build() {
            return new ErrorEnvelope(provider, customer, operation, httpStatus, category, reason, providerCode,
                    message, rawError, Optional.ofNullable(retryAfter), attempt, maxAttempts, correlationId,
                    timestamp);
        }
    }
}
