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
 * What one sync run did. Every record is accounted for: each is in exactly one of {@code succeeded}, {@code failed},
 * {@code skipped} and {@code notAttempted}, and {@link #total()} is their sum. A run that stopped early counts the
 * records it knew of and never tried as not attempted; if it stopped before it learnt how many there were,
 * {@code totalKnown} is false and the summary says so. Of the failed records, {@code failures} holds the first ones
 * with their ids and envelopes, {@code failuresNotKept} counts the rest, and {@code errorsByCategory} counts all of
 * them. Immutable and thread-safe.
 *
 * @param account provider and customer
 * @param name the sync's name, e.g. {@code sync-accounts}
 * @param outcome succeeded, partial or failed
 * @param startedAt when the run started
 * @param finishedAt when it was closed
 * @param succeeded records written
 * @param failed records that failed (kept or not)
 * @param skipped records left out on purpose, e.g. by the integration's filter
 * @param notAttempted records the run knew of (see {@link SyncRun#expect}) but never tried
 * @param totalKnown whether {@link #total()} is every record the source had for this run: true when the run read
 *                   the source to the end or was told how many records to expect
 * @param failures the first failed records, with their envelopes
 * @param failuresNotKept failed records past the bound, counted only
 * @param errorsByCategory every failed record, and the abort cause if any, counted by category
 * @param maxDataLatency the longest source-change-to-written time seen, if any record said when it changed
 * @param stopCause why the run stopped early: the abort cause or the record failure that halted it
 * @param stopReason a short secret-free sentence when the run stopped early or was never completed, else empty
 */
public record SyncResult(AccountKey account, String name, SyncOutcome outcome, Instant startedAt, Instant finishedAt,
                         long succeeded, long failed, long skipped, long notAttempted, boolean totalKnown,
                         List<FailedRecord> failures, long failuresNotKept, Map<ErrorCategory, Long> errorsByCategory,
                         Optional<Duration> maxDataLatency, Optional<ErrorEnvelope> stopCause, String stopReason) {

    public SyncResult {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (succeeded < 0 || failed < 0 || skipped < 0 || notAttempted < 0) {
            throw new IllegalArgumentException("record counts must not be negative, were succeeded=" + succeeded
                    + ", failed=" + failed + ", skipped=" + skipped + ", notAttempted=" + notAttempted);
        }
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

    /** Every record accounted for: succeeded, failed, skipped and not attempted. */
    public long total() {
        return succeeded + failed + skipped + notAttempted;
    }

    /**
     * One line for logs, health rows and dashboards, e.g.
     * {@code failed: 99 succeeded, 51 failed, 150 not attempted of 300 (server_error=52); aborted: ...}; never a
     * payload or secret (envelopes are already redacted).
     */
    public String summary() {
        StringBuilder s = new StringBuilder(outcome.wireName()).append(": ").append(succeeded).append(" succeeded, ")
                .append(failed).append(" failed");
        if (skipped > 0) {
            s.append(", ").append(skipped).append(" skipped");
        }
        if (notAttempted > 0) {
            s.append(", ").append(notAttempted).append(" not attempted");
        }
        if (totalKnown) {
            s.append(" of ").append(total());
        } else {
            s.append(" of an unknown total, the rest not attempted");
        }
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

    /** The sync, the account and the {@link #summary()}; the failed records' envelopes are left to their accessor. */
    @Override
    public String toString() {
        return "SyncResult[" + name + " of " + account + ", " + summary() + "]";
    }
}
