package dev.outbound.gateway.spi;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import java.time.Duration;

/**
 * Obtains a fresh credential from a token endpoint (refresh-token or client-credentials grant). Called by the
 * credential stage under the account's lock, at most one refresh at a time per account. Must be thread-safe.
 */
@FunctionalInterface
public interface TokenRefresher {

    /**
     * Returns a fresh credential for the account, or {@code current} unchanged when it cannot be refreshed
     * (static API keys, basic auth).
     *
     * @throws dev.outbound.errors.IntegrationException with {@code AUTH_FAILURE} when the grant was rejected
     *     (reason {@code token_revoked}) or the token endpoint kept failing
     */
    Credential refresh(AccountKey account, Credential current);

    /**
     * Like {@link #refresh(AccountKey, Credential)}, with every request and every wait between attempts over within
     * {@code timeout}. Refreshers that talk to a network should override it; the default ignores the bound, which
     * suits refreshers that do not wait.
     *
     * @throws dev.outbound.errors.IntegrationException as {@link #refresh(AccountKey, Credential)}, and with
     *     {@code TIMEOUT}/{@code deadline_exceeded} when the token endpoint did not answer within {@code timeout}
     */
    default Credential refresh(AccountKey account, Credential current, Duration timeout) {
        return refresh(account, current);
    }

    /** A refresher for credentials that never change. */
    static TokenRefresher none() {
        return (account, current) -> current;
    }
}
