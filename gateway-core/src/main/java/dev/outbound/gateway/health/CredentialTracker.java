package dev.outbound.gateway.health;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.credentials.AuthEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * What one node knows of one account's credential. Kept per account, not per integration: every integration of the
 * account uses the same credential, so a rejection seen by one sync shows on all of them. Thread-safe: every method is
 * synchronized and short.
 */
final class CredentialTracker {
    private CredentialState state = CredentialState.OK;
    private String reason = "";
    private String reasonCode = "";
    private Instant since;

    /** The credential as of now. */
    record View(CredentialState state, String reason, String reasonCode, Optional<Instant> since) {
    }

    synchronized View view() {
        return new View(state, reason, reasonCode, Optional.ofNullable(since));
    }

    synchronized void callSucceeded(Instant at) {
        if (state == CredentialState.NEEDS_REAUTHORIZATION) {
            set(CredentialState.OK, "", "", at);
        }
    }

    synchronized void callFailed(ErrorEnvelope e, Instant at) {
        if (e.category() != ErrorCategory.AUTH_FAILURE) {
            return;
        }
        if (Reasons.TOKEN_REVOKED.equals(e.reason()) || Reasons.CREDENTIAL_UNAVAILABLE.equals(e.reason())) {
            set(CredentialState.NEEDS_REAUTHORIZATION, e.reason() + describeCode(e), e.reason(), at);
        } else if (e.attempt() >= 2) {
            // The retry stage refreshes the credential once after an auth failure; a second one means the refreshed
            // credential is rejected too.
            set(CredentialState.NEEDS_REAUTHORIZATION, "auth_failure persists after refresh ("
                    + (e.reason().isEmpty() ? "http " + e.httpStatus() : e.reason()) + describeCode(e) + ")",
                    e.reason(), at);
        }
    }

    synchronized void authEvent(AuthEvent event) {
        switch (event.type()) {
            case REVOKED -> set(CredentialState.NEEDS_REAUTHORIZATION, "grant revoked (" + Reasons.TOKEN_REVOKED + ")",
                    Reasons.TOKEN_REVOKED, event.at());
            // The provider kept rejecting the account's credential right after refreshes (scope removed, user
            // disabled): as revoked for the customer, who must reconnect.
            case REJECTED -> set(CredentialState.NEEDS_REAUTHORIZATION, event.detail(), Reasons.PERMISSION_DENIED,
                    event.at());
            case REFRESH_FAILED, WRITE_FAILED -> {
                if (state != CredentialState.NEEDS_REAUTHORIZATION) {
                    set(CredentialState.REFRESH_FAILING, event.type().wireName()
                            + (event.detail().isEmpty() ? "" : " (" + event.detail() + ")"), "", event.at());
                }
            }
            case REFRESHED, ROTATED -> {
                if (state == CredentialState.REFRESH_FAILING) {
                    set(CredentialState.OK, "", "", event.at());
                }
            }
            default -> {
                // A store outage is the application's problem, not this customer's credential.
            }
        }
    }

    private void set(CredentialState next, String why, String code, Instant at) {
        if (next != state) {
            since = next == CredentialState.OK ? null : at;
        }
        state = next;
        reason = why;
        reasonCode = code;
    }

    private static String describeCode(ErrorEnvelope e) {
        return e.providerCode().isEmpty() ? "" : ", " + e.providerCode();
    }
}
