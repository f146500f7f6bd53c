package dev.outbound.gateway.sync;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one sync run did. Every failed record is accounted for: {@code failures} holds the first ones with their ids
 * and envelopes, {@code failuresNotKept} counts the rest, and {@code errorsByCategory} counts all of them. Immutable and
 * thread-safe.
 *
 * @param account provider and customer
 * @param name the sync's name, e.g. {@code sync-accounts}
 * @param outcome succeeded, partial or failed
 * @param startedAt when the run started
 * @param finishedAt when it was closed
 * @param processed records written
 * @param failed records that failed (kept or not)
 * @param failures the first failed records, with their envelopes
 * @param failuresNotKept failed records past the bound, counted only
 * @param errorsByCategory every failed record, and the abort cause if any, counted by category
 * @param maxDataLatency the longest source-change-to-written time seen, if any record said when it changed
 * @param stopCause why the run stopped early: the abort cause or the record failure that halted it
 * @param stopReason a short secret-free sentence when the run stopped early or was never completed, else empty
 */
public record SyncResult(AccountKey account, String name, SyncOutcome outcome, Instant startedAt, Instant finishedAt,
                         long processed, long failed, List<FailedRecord> failures, long failuresNotKept,
                         Map<ErrorCategory, Long> errorsByCategory, Optional<Duration> maxDataLatency,
                         Optional<ErrorEnvelope> stopCause, String stopReason) {

    public SyncResult {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        failures = List.copyOf(failures);
        EnumMap<ErrorCategory, Long> copy = new EnumMap<>(ErrorCategory.class);
        copy.putAll(errorsByCategory);
        errorsByCategory = Collections.unmodifiableMap(copy);
        maxDataLatency = maxDataLatency == null ? Optional.empty() : maxDataLatency;
        stopCause = stopCause == null ? Optional.empty() : stopCause;
        stopReason = stopReason == null ? "" : stopReason;
    }

    /** How long the run took. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /**
     * One line for logs and dashboards, e.g. {@code partial: 297 processed, 3 failed (validation_error=3)}; never a
     * payload or secret (envelopes are already redacted).
     */
    public String summary() {
        StringBuilder s = new StringBuilder(outcome.wireName()).append(": ").append(processed).append(" processed, ")
                .append(failed).append(" failed");
        if (!errorsByCategory.isEmpty()) {
            s.append(" (");
            errorsByCategory.forEach((c, n) -> s.append(c.wireName()).append('=').append(n).append(", "));
            s.setLength(s.length() - 2);
            s.append(')');
        }
        if (!stopReason.isEmpty()) {
            s.append("; ").append(stopReason);
        }
        return s.toString();
    }
}
