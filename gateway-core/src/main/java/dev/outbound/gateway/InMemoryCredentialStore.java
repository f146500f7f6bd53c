package dev.outbound.gateway;

import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.StoredCredential;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A credential store in the JVM's memory, with the same versioned check-and-set contract as the Vault store.
 * For demos, tests and single-node development only: credentials are lost on restart. Thread-safe.
 */
public final class InMemoryCredentialStore implements CredentialStore {
    private final ConcurrentMap<AccountKey, StoredCredential> credentials = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryCredentialStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public InMemoryCredentialStore() {
        this(Clock.systemUTC());
    }

    /** Stores a credential unconditionally (for set-up code); returns this store. */
    public InMemoryCredentialStore put(AccountKey account, Credential credential) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(credential, "credential");
        credentials.compute(account, (k, old) ->
                new StoredCredential(credential, old == null ? 1 : old.version() + 1, clock.instant()));
        return this;
    }

    @Override
    public Optional<StoredCredential> read(AccountKey account) {
        return Optional.ofNullable(credentials.get(Objects.requireNonNull(account, "account")));
    }

    @Override
    public StoredCredential write(AccountKey account, Credential credential, long expectedVersion) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(credential, "credential");
        StoredCredential[] written = new StoredCredential[1];
        credentials.compute(account, (k, old) -> {
            long current = old == null ? 0 : old.version();
            if (current != expectedVersion) {
                throw new CredentialConflictException("check-and-set failed for " + account + ": expected version "
                        + expectedVersion + " but the store holds version " + current);
            }
            written[0] = new StoredCredential(credential, current + 1, clock.instant());
            return written[0];
        });
        return written[0];
    }

    @Override
    public boolean delete(AccountKey account) {
        return credentials.remove(Objects.requireNonNull(account, "account")) != null;
    }

    @Override
    public String toString() {
        return "InMemoryCredentialStore[" + credentials.size() + " accounts]";
    }
}
