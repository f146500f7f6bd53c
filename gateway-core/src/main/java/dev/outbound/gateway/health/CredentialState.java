package dev.outbound.gateway.health;

import java.util.Locale;

/** What the gateway knows of an account's credential. Ordered from best to worst. Immutable and thread-safe. */
public enum CredentialState {
    /** No credential problem seen (or the last one was followed by a successful call). */
    OK,
    /** Refreshing the credential failed; the current token may still work for a while. */
    REFRESH_FAILING,
    /**
     * The provider rejects the credential even after a refresh, the grant was revoked, or there is no credential:
     * the customer has to connect the integration again.
     */
    NEEDS_REAUTHORIZATION;

    /** Lower-case name for JSON, logs and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #wireName()}. */
    public static CredentialState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
