package dev.outbound.gateway.health;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.sync.FailedRecord;
import dev.outbound.gateway.sync.SyncOutcome;
import dev.outbound.gateway.sync.SyncResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one node has seen of one integration of one account (a sync, a configured integration, or the account's calls
 * made outside any): 24 hours of call counts in five-minute buckets (about 6 KiB per integration), today's counts, the
 * last sync, the last error, and the counts since the last alert evaluation. The credential is the account's and is
 * kept by a {@link CredentialTracker}. Thread-safe: every method is synchronized and short.
 */
final class AccountTracker {
    static final Duration BUCKET = Duration.ofMinutes(5);
    static final int BUCKETS = (int) (Duration.ofHours(24).toSeconds() / BUCKET.toSeconds());
    /** A degraded episode ends when no server error or timeout has been seen for this long. */
    private static final Duration DEGRADED_QUIET = Duration.ofHours(1);

    final AccountKey account;
    final String integration;
    private final Instant firstSeen;
    private final long[] slot = new long[BUCKETS];
    private final int[] calls = new int[BUCKETS];
    private final int[] failures = new int[BUCKETS];
    private final int[] errors = new int[BUCKETS];

    private LocalDate day;
    private long recordsToday;
    private long recordsFailedToday;
    private final Map<ErrorCategory, Long> errorsToday = new EnumMap<>(ErrorCategory.class);

    private long recentCalls;
    private long recentFailures;
    private long recentErrors;
    private Instant recentFirstFailure;
    private Instant recentLastFailure;

    private Instant lastSyncAt;
    private SyncOutcome lastOutcome;
    private String lastSummary = "";
    private Instant lastSuccessAt;
    private Instant notSucceededSince;
    private Instant degradedSince;
    private Instant lastDegradedFailure;

    private ErrorEnvelope lastError;

    private long backlog;
    private long backlogAtLastEvaluation;

    AccountTracker(AccountKey account, String integration, Instant firstSeen, ZoneId zone) {
        this.account = account;
        this.integration = integration;
        this.firstSeen = firstSeen;
        this.day = LocalDate.ofInstant(firstSeen, zone);
        Arrays.fill(slot, -1);
    }

    synchronized void callSucceeded(Instant at, ZoneId zone) {
        rollDay(at, zone);
        bucket(at, false, false);
        recentCalls++;
    }

    synchronized void callFailed(ErrorEnvelope e, Instant at, ZoneId zone) {
        rollDay(at, zone);
        ErrorCategory c = e.category();
        boolean integrationFailure = c != ErrorCategory.VALIDATION_ERROR && c != ErrorCategory.CONFLICT
                && c != ErrorCategory.NOT_FOUND;
        bucket(at, integrationFailure, true);
        errorsToday.merge(c, 1L, Long::sum);
        recentCalls++;
        recentErrors++;
        if (c.countsAsCircuitFailure()) {
            recentFailures++;
            if (recentFirstFailure == null) {
                recentFirstFailure = at;
            }
            recentLastFailure = at;
            if (degradedSince == null) {
                degradedSince = at;
            }
            lastDegradedFailure = at;
        }
        noteError(e);
    }

    synchronized void syncFinished(SyncResult r, ZoneId zone) {
        Instant at = r.finishedAt();
        rollDay(at, zone);
        recordsToday += r.succeeded();
        recordsFailedToday += r.failed();
        lastSyncAt = at;
        lastOutcome = r.outcome();
        lastSummary = r.summary();
        if (r.outcome().completed()) {
            lastSuccessAt = at;
        }
        if (r.outcome() == SyncOutcome.SUCCEEDED) {
            notSucceededSince = null;
            degradedSince = null;
            lastError = null;
        } else {
            if (notSucceededSince == null) {
                notSucceededSince = r.startedAt();
            }
            r.stopCause().or(() -> r.failures().stream().findFirst().map(FailedRecord::envelope))
                    .ifPresent(this::noteError);
        }
    }

    /**
     * Keeps the error that best explains this integration's state: the latest failure of the integration itself (auth,
     * rate limit, server, timeout), else the latest record-level one.
     */
    private void noteError(ErrorEnvelope e) {
        if (lastError == null || integrationFailure(e.category()) || !integrationFailure(lastError.category())) {
            lastError = e;
        }
    }

    private static boolean integrationFailure(ErrorCategory c) {
        return c != ErrorCategory.VALIDATION_ERROR && c != ErrorCategory.CONFLICT && c != ErrorCategory.NOT_FOUND;
    }

    synchronized void backlog(long value) {
        this.backlog = value;
    }

    synchronized ActivitySnapshot snapshot(Instant now, String node, ZoneId zone, String circuit,
                                           CredentialTracker.View credential) {
        rollDay(now, zone);
        if (lastDegradedFailure != null && Duration.between(lastDegradedFailure, now).compareTo(DEGRADED_QUIET) > 0) {
            degradedSince = null;
        }
        long total = 0;
        long failed = 0;
        long oldest = index(now) - BUCKETS + 1;
        for (int i = 0; i < BUCKETS; i++) {
            if (slot[i] >= oldest) {
                total += calls[i];
                failed += failures[i];
            }
        }
        Map<String, Long> errs = new TreeMap<>();
        errorsToday.forEach((c, n) -> errs.put(c.wireName(), n));
        return new ActivitySnapshot(account, integration, node, now, firstSeen, total, failed, day, recordsToday,
                recordsFailedToday, errs, Optional.ofNullable(lastSyncAt),
                lastOutcome == null ? "" : lastOutcome.wireName(), lastSummary, Optional.ofNullable(lastSuccessAt),
                Optional.ofNullable(notSucceededSince), Optional.ofNullable(degradedSince), credential.state(),
                credential.reason(), credential.reasonCode(), credential.since(), circuit, backlog,
                lastError == null ? "" : lastError.category().wireName(), lastError == null ? "" : lastError.reason(),
                lastError == null ? "" : lastError.providerCode());
    }

    /** The counts alert rules need, and the "since the last evaluation" counts reset. */
    synchronized AlertInputs drain(Instant now, Duration spikeWindow, CredentialTracker.View credential) {
        long nowIndex = index(now);
        long windowStart = index(now.minus(spikeWindow)) + 1;
        long oldest = nowIndex - BUCKETS + 1;
        long windowCalls = 0;
        long windowErrors = 0;
        long baselineCalls = 0;
        long baselineErrors = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (slot[i] < oldest) {
                continue;
            }
            if (slot[i] >= windowStart) {
                windowCalls += calls[i];
                windowErrors += errors[i];
            } else {
                baselineCalls += calls[i];
                baselineErrors += errors[i];
            }
        }
        AlertInputs in = new AlertInputs(recentCalls, recentFailures, Optional.ofNullable(recentFirstFailure),
                Optional.ofNullable(recentLastFailure), recentErrors, windowCalls, windowErrors, baselineCalls,
                baselineErrors, credential.state(), credential.reason(), credential.reasonCode(), credential.since(),
                Optional.ofNullable(lastSuccessAt), firstSeen, backlog, backlogAtLastEvaluation,
                Optional.ofNullable(lastError));
        recentCalls = 0;
        recentFailures = 0;
        recentErrors = 0;
        recentFirstFailure = null;
        recentLastFailure = null;
        backlogAtLastEvaluation = backlog;
        return in;
    }

    /** See {@link #drain}. */
    record AlertInputs(long recentCalls, long recentFailures, Optional<Instant> recentFirstFailure,
                       Optional<Instant> recentLastFailure, long recentErrors, long windowCalls, long windowErrors,
                       long baselineCalls,
                       long baselineErrors, CredentialState credential, String credentialReason,
                       String credentialReasonCode, Optional<Instant> credentialSince,
                       Optional<Instant> lastSuccessAt, Instant firstSeen, long backlog, long previousBacklog,
                       Optional<ErrorEnvelope> lastError) {
    }

    private void bucket(Instant at, boolean failure, boolean error) {
        long index = index(at);
        int i = (int) Math.floorMod(index, (long) BUCKETS);
        if (slot[i] != index) {
            if (slot[i] > index) {
                return; // older than 24 hours, or the clock went back past a bucket that was reused
            }
            slot[i] = index;
            calls[i] = 0;
            failures[i] = 0;
            errors[i] = 0;
        }
        calls[i]++;
        if (failure) {
            failures[i]++;
        }
        if (error) {
            errors[i]++;
        }
    }

    private void rollDay(Instant at, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(at, zone);
        if (today.isAfter(day)) {
            day = today;
            recordsToday = 0;
            recordsFailedToday = 0;
            errorsToday.clear();
        }
    }

    private static long index(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), BUCKET.toSeconds());
    }
}
