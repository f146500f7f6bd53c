package dev.outbound.gateway.credentials;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import java.time.Duration;

/** The exceptions the credential lifecycle hands to callers, in one place so their wording stays consistent. */
final class CredentialFailures {
    private CredentialFailures() {
    }

    /** Nothing usable can be had now (store down, nothing stored, lock backend unreachable, refresh failed). */
    static IntegrationException unavailable(String message, Throwable cause) {
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                .reason(Reasons.CREDENTIAL_UNAVAILABLE).message(message).build(), cause);
    }

    /** The account needs re-authorization; {@code because} says why, without a secret. */
    static IntegrationException revoked(String because) {
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                .reason(Reasons.TOKEN_REVOKED).message(because).build());
    }

    /** A wait made for the call's credential ran into the call's deadline. */
    static IntegrationException deadlineExceeded(AccountKey account, String whatDidNotHappen, Duration waited) {
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.TIMEOUT)
                .reason(Reasons.DEADLINE_EXCEEDED)
                .message(whatDidNotHappen + " within the " + format(waited) + " left before the call's deadline ("
                        + account + ")").build());
    }

    /**
     * Names a foreign exception without its message: drivers and clients put hosts, commands and sometimes
     * values in their messages, and none of that may reach an envelope.
     */
    static String describe(Throwable x) {
        return x.getClass().getSimpleName();
    }

    /** A duration as a reader says it: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 90s}. */
    static String format(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
