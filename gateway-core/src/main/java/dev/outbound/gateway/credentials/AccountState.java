package dev.outbound.gateway.credentials;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.StoredCredential;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the {@link CredentialManager} knows of one account. The fields are written by the account's one running
 * {@link Flight} (and by {@code invalidate}, which only marks versions), and read by every caller without locking.
 */
final class AccountState {
    final AccountKey account;
    final AtomicReference<Flight> inFlight = new AtomicReference<>();
    /** The last flight that answered and then went on to release its refresh lock; for {@code awaitIdle}. */
    volatile Flight releasing;
    volatile StoredCredential stored;
    volatile Instant refreshAt = Instant.MAX;
    volatile Instant staleAt = Instant.MIN;
    volatile Instant storeDownUntil = Instant.MIN;
    volatile boolean storeDown;
    /** The version the provider rejected (a 401 or 403): the next resolve refreshes it instead of using it. */
    volatile long rejectedVersion = -1;
    /** The version that needs re-authorization: calls fail fast with {@link #revokedBecause}. */
    volatile long revokedVersion = -1;
    volatile String revokedBecause = "";
    /** A refreshed credential the store did not take; written on the next store read. */
    volatile Credential unpersisted;
    /** Refreshes made because the provider rejected the credential; each ends one refresh-and-retry cycle. */
    volatile long rejectionRefreshes;
    /** The {@link #rejectionRefreshes} value whose retry was last counted as failed, so a burst counts once. */
    long countedRefresh = -1;
    /** Refresh-and-retry cycles in a row whose refreshed credential the provider rejected too. */
    volatile int failedCycles;

    AccountState(AccountKey account) {
        this.account = account;
    }

    /** Whether the provider rejected the cached credential, so it must not be used before a refresh. */
    boolean rejected(StoredCredential s) {
        return rejectedVersion == s.version();
    }

    boolean revoked(StoredCredential s) {
        return revokedVersion == s.version();
    }
}
