package dev.outbound.gateway.spi;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;

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

    /** A refresher for credentials that never change. */
    static TokenRefresher none() {
        return (account, current) -> current;
    }
}
