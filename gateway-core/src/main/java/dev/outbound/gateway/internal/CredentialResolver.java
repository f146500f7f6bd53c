package dev.outbound.gateway.internal;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.TokenRefresher;
import java.util.Objects;

/**
 * The pipeline's view of the {@link CredentialManager}: {@link #resolve} for the credential stage, and
 * {@link #invalidate} for the retry stage after an auth failure. Thread-safe.
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

    /** The credential to use now. */
    public Credential resolve(AccountKey account) {
        Credential credential = manager.resolve(account);
        lastUsed.set(new Used(account, credential));
        return credential;
    }

    /** The provider rejected the credential this thread last used for the account: the next resolve refreshes it. */
    public void invalidate(AccountKey account) {
        Used used = lastUsed.get();
        lastUsed.remove();
        manager.invalidate(account, used != null && used.account().equals(account) ? used.credential() : null);
    }

    /** The manager behind this resolver. */
    public CredentialManager manager() {
        return manager;
    }
}
