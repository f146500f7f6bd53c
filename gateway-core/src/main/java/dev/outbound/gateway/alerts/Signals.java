package dev.outbound.gateway.alerts;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What alert rules see of one integration at one evaluation. "Recent" counts cover the time since the previous
 * evaluation; "window" counts the spike window; "baseline" the rest of the last 24 hours. Immutable and thread-safe.
 *
 * @param account the integration's account
 * @param integration the integration's name; empty for the account's calls outside any
 * @param now the evaluation time
 * @param recentCalls calls since the previous evaluation
 * @param recentFailures of those, the ones that failed with a server error or a timeout
 * @param recentFirstFailure the first such failure since the previous evaluation
 * @param recentLastFailure the last such failure since the previous evaluation
 * @param recentErrors calls since the previous evaluation that failed, in any category
 * @param windowCalls calls in the spike window
 * @param windowErrors failed calls (any category) in the spike window
 * @param baselineCalls calls in the last 24 h before the spike window
 * @param baselineErrors failed calls (any category) in the last 24 h before the spike window
 * @param needsReauthorization whether the credential is rejected after refresh, revoked or missing
 * @param credentialReason why, when it is
 * @param credentialReasonCode the {@code Reasons} constant behind it, when there is one
 * @param credentialSince since when, when it is
 * @param lastSuccessAt when the last completed sync finished
 * @param watchingSince since when this integration has been watched
 * @param sla the integration's SLA window
 * @param backlog the rate-limit backlog now
 * @param previousBacklog the backlog at the previous evaluation
 * @param lastError the error that best explains the integration's state since its last fully successful sync
 */
public record Signals(AccountKey account, String integration, Instant now, long recentCalls, long recentFailures,
                      Optional<Instant> recentFirstFailure, Optional<Instant> recentLastFailure, long recentErrors,
                      long windowCalls,
                      long windowErrors, long baselineCalls, long baselineErrors, boolean needsReauthorization,
                      String credentialReason, String credentialReasonCode, Optional<Instant> credentialSince,
                      Optional<Instant> lastSuccessAt, Instant watchingSince, Duration sla, long backlog,
                      long previousBacklog, Optional<ErrorEnvelope> lastError) {

    public Signals {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(watchingSince, "watchingSince");
        Objects.requireNonNull(sla, "sla");
        recentFirstFailure = recentFirstFailure == null ? Optional.empty() : recentFirstFailure;
        recentLastFailure = recentLastFailure == null ? Optional.empty() : recentLastFailure;
        credentialSince = credentialSince == null ? Optional.empty() : credentialSince;
        lastSuccessAt = lastSuccessAt == null ? Optional.empty() : lastSuccessAt;
        credentialReason = credentialReason == null ? "" : credentialReason;
        credentialReasonCode = credentialReasonCode == null ? "" : credentialReasonCode;
        lastError = lastError == null ? Optional.empty() : lastError;
    }
}
