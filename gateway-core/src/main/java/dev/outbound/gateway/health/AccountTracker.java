package dev.outbound.gateway.health;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.credentials.AuthEvent;
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
 * What one node has seen of one account: 24 hours of call counts in five-minute buckets (about 6 KiB per account),
 * today's counts, the last sync, the credential state, and the counts since the last alert evaluation. Thread-safe:
 * every method is synchronized and short.
 */
final class AccountTracker {
    static final Duration BUCKET = Duration.ofMinutes(5);
    static final int BUCKETS = (int) (Duration.ofHours(24).toSeconds() / BUCKET.toSeconds());
    /** A degraded episode ends when no server error or timeout has been seen for this long. */
    private static final Duration DEGRADED_QUIET = Duration.ofHours(1);

    final AccountKey account;
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

    private CredentialState credential = CredentialState.OK;
    private String credentialReason = "";
    private Instant credentialSince;

    private long backlog;
    private long backlogAtLastEvaluation;

    AccountTracker(AccountKey account, Instant firstSeen, ZoneId zone) {
        this.account = account;
        this.firstSeen = firstSeen;
        this.day = LocalDate.ofInstant(firstSeen, zone);
        Arrays.fill(slot, -1);
    }

    synchronized void callSucceeded(Instant at, ZoneId zone) {
        rollDay(at, zone);
        bucket(at, false, false);
        recentCalls++;
        if (credential == CredentialState.NEEDS_REAUTHORIZATION) {
            setCredential(CredentialState.OK, "", at);
        }
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
        if (c == ErrorCategory.AUTH_FAILURE) {
            if (Reasons.TOKEN_REVOKED.equals(e.reason()) || Reasons.CREDENTIAL_UNAVAILABLE.equals(e.reason())) {
                setCredential(CredentialState.NEEDS_REAUTHORIZATION, e.reason() + describeCode(e), at);
            } else if (e.attempt() >= 2) {
                // The retry stage refreshes the credential once after an auth failure; a second one means the
                // refreshed credential is rejected too.
                setCredential(CredentialState.NEEDS_REAUTHORIZATION, "auth_failure persists after refresh ("
                        + (e.reason().isEmpty() ? "http " + e.httpStatus() : e.reason()) + describeCode(e) + ")", at);
            }
        }
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
        } else if (notSucceededSince == null) {
            notSucceededSince = r.startedAt();
        }
    }

    synchronized void authEvent(AuthEvent event) {
        switch (event.type()) {
            case REVOKED -> setCredential(CredentialState.NEEDS_REAUTHORIZATION, "grant revoked ("
                    + Reasons.TOKEN_REVOKED + ")", event.at());
            case REJECTED -> setCredential(CredentialState.NEEDS_REAUTHORIZATION, event.detail(), event.at());
            case REFRESH_FAILED, WRITE_FAILED -> {
                if (credential != CredentialState.NEEDS_REAUTHORIZATION) {
                    setCredential(CredentialState.REFRESH_FAILING, event.type().wireName()
                            + (event.detail().isEmpty() ? "" : " (" + event.detail() + ")"), event.at());
                }
            }
            case REFRESHED, ROTATED -> {
                if (credential == CredentialState.REFRESH_FAILING) {
                    setCredential(CredentialState.OK, "", event.at());
                }
            }
            default -> {
                // A store outage is the application's problem, not this customer's credential.
            }
        }
    }

    synchronized void backlog(long value) {
        this.backlog = value;
    }

    synchronized ActivitySnapshot snapshot(Instant now, String node, ZoneId zone, String circuit) {
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
        return new ActivitySnapshot(account, node, now, firstSeen, total, failed, day, recordsToday,
                recordsFailedToday, errs, Optional.ofNullable(lastSyncAt),
                lastOutcome == null ? "" : lastOutcome.wireName(), lastSummary, Optional.ofNullable(lastSuccessAt),
                Optional.ofNullable(notSucceededSince), Optional.ofNullable(degradedSince), credential,
                credentialReason, Optional.ofNullable(credentialSince), circuit, backlog);
    }

    /** The counts alert rules need, and the "since the last evaluation" counts reset. */
    synchronized AlertInputs drain(Instant now, Duration spikeWindow) {
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
                baselineErrors, credential, credentialReason, Optional.ofNullable(credentialSince), Optional.ofNullable(lastSuccessAt),
                firstSeen, backlog, backlogAtLastEvaluation);
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
                       Optional<Instant> credentialSince, Optional<Instant> lastSuccessAt, Instant firstSeen,
                       long backlog, long previousBacklog) {
    }

    private void setCredential(CredentialState state, String reason, Instant at) {
        if (state != credential) {
            credentialSince = state == CredentialState.OK ? null : at;
        }
        credential = state;
        credentialReason = reason;
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

    private static String describeCode(ErrorEnvelope e) {
        return e.providerCode().isEmpty() ? "" : ", " + e.providerCode();
    }
}
