package dev.outbound.gateway.internal;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.TokenRefresher;
import java.time.Instant;
import java.util.Objects;

/**
 * The pipeline's view of the {@link CredentialManager}: {@link #resolve} for the credential stage, and
 * {@link #invalidate} and {@link #rejectedAfterRefresh} for the retry stage after an auth failure. Thread-safe.
 *
 * <p>A call's attempts run on one thread (the retry stage calls the rest of the chain synchronously), so the
 * credential an attempt used is remembered per thread: {@code invalidate} then rejects exactly that credential, and
 * a 401 for a token that another caller has already replaced does not cause a second refresh.
 */
public class CredentialResolver {
    private final CredentialManager manager;
    private final ThreadLocal<Used> lastUsed = new ThreadLocal<>();

    private record Used(AccountKey account, Credential credential) {
    }

    public CredentialResolver(CredentialManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /** A resolver over a manager with default settings. */
    public CredentialResolver(CredentialStore store, TokenRefresher refresher) {
        this(CredentialManager.builder(store).refresher(refresher).build());
    }

    /** The credential to use now, waiting at most the manager's default timeout. */
    public Credential resolve(AccountKey account) {
        Credential credential = manager.resolve(account);
        lastUsed.set(new Used(account, credential));
        return credential;
    }

    /** The credential to use now, waiting for a store read or refresh until {@code deadline} at the latest. */
    public Credential resolve(AccountKey account, Instant deadline) {
        Credential credential = manager.resolve(account, deadline);
        lastUsed.set(new Used(account, credential));
        return credential;
    }

    /** The provider rejected the credential this thread last used for the account: the next resolve refreshes it. */
    public void invalidate(AccountKey account) {
        manager.invalidate(account, lastUsedFor(account));
    }

    /** The provider rejected the credential this thread used right after a refresh: a failed refresh cycle. */
    public void rejectedAfterRefresh(AccountKey account) {
        manager.rejectedAfterRefresh(account, lastUsedFor(account));
    }

    /** The provider accepted the account's credential (it answered, and not with an auth failure). */
    public void accepted(AccountKey account) {
        manager.accepted(account);
    }

    private Credential lastUsedFor(AccountKey account) {
        Used used = lastUsed.get();
        lastUsed.remove();
        return used != null && used.account().equals(account) ? used.credential() : null;
    }

    /** The manager behind this resolver. */
    public CredentialManager manager() {
        return manager;
    }
}
