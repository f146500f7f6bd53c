package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.StoredCredential;
import dev.outbound.gateway.spi.TokenRefresher;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the credential of a call: reads the store, and after an auth failure asks the token refresher for a fresh
 * credential (written back with check-and-set before it is used). Thread-safe.
 *
 * <p>This is the foundation's resolver: no cache, no proactive refresh window, no cross-node lock. The credentials
 * issue replaces it with the full token lifecycle behind the same two methods.
 */
public class CredentialResolver {
    private final CredentialStore store;
    private final TokenRefresher refresher;
    /** Accounts whose credential was rejected; bounded by the number of accounts that failed since their refresh. */
    private final Set<AccountKey> invalidated = ConcurrentHashMap.newKeySet();

    public CredentialResolver(CredentialStore store, TokenRefresher refresher) {
        this.store = store;
        this.refresher = refresher;
    }

    /** The credential to use now. */
    public Credential resolve(AccountKey account) {
        StoredCredential stored = read(account);
        if (!invalidated.remove(account)) {
            return stored.credential();
        }
        Credential fresh = refresher.refresh(account, stored.credential());
        if (fresh != stored.credential()) {
            store.write(account, fresh, stored.version());
        }
        return fresh;
    }

    /** The provider rejected the account's credential: the next resolve refreshes it. */
    public void invalidate(AccountKey account) {
        invalidated.add(account);
    }

    private StoredCredential read(AccountKey account) {
        Optional<StoredCredential> stored;
        try {
            stored = store.read(account);
        } catch (CredentialStore.CredentialStoreException e) {
            throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                    .reason(Reasons.CREDENTIAL_UNAVAILABLE)
                    .message("credential store unavailable: " + e.getMessage()).build(), e);
        }
        return stored.orElseThrow(() -> new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                .reason(Reasons.CREDENTIAL_UNAVAILABLE)
                .message("no credential stored for " + account).build()));
    }
}
