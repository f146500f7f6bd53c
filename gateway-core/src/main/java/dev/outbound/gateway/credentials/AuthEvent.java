package dev.outbound.gateway.credentials;

import dev.outbound.gateway.AccountKey;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Something that happened to an account's credential. Carries the account, never a secret: {@code detail} is
 * written by the gateway from error categories, versions and kinds only. Immutable and thread-safe.
 *
 * @param type what happened
 * @param account whose credential
 * @param at when, by the gateway's clock
 * @param version the store version concerned, 0 when none
 * @param detail a short, secret-free explanation, possibly empty
 */
public record AuthEvent(Type type, AccountKey account, Instant at, long version, String detail) {

    /** The kinds of auth event. */
    public enum Type {
        /** A token endpoint issued a fresh credential and it was stored. */
        REFRESHED(false),
        /** The refresh token changed with the refresh (rotation) and the new one was stored. */
        ROTATED(false),
        /** A refresh failed for a reason other than revocation; the account may still work on its current token. */
        REFRESH_FAILED(false),
        /** The grant was rejected ({@code invalid_grant}): the account needs re-authorization. */
        REVOKED(true),
        /**
         * The provider kept rejecting the account's credential (401/403) right after each refresh, for as many
         * refresh-and-retry cycles in a row as the manager allows: the account needs re-authorization.
         */
        REJECTED(true),
        /** The credential store could not be read. */
        STORE_UNAVAILABLE(false),
        /**
         * A refreshed credential could not be written to the store after retries: if the token endpoint rotated
         * the refresh token, only this node's memory holds the valid one.
         */
        WRITE_FAILED(true);

        private final boolean critical;

        Type(boolean critical) {
            this.critical = critical;
        }

        /** Whether an operator should be told now. */
        public boolean critical() {
            return critical;
        }

        /** The lower-case name used in log lines and metric tags. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AuthEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
    }
}
