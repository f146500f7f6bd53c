package dev.outbound.gateway.spi;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import java.util.Optional;

/**
 * Where credentials live: versioned reads and check-and-set writes, so that two nodes refreshing the same account
 * cannot overwrite each other's rotated refresh token. Implementations must be thread-safe.
 */
public interface CredentialStore {

    /** The account's credential, or empty when none is stored. */
    Optional<StoredCredential> read(AccountKey account) throws CredentialStoreException;

    /**
     * Writes a credential if the stored version is still {@code expectedVersion} (0 = only if none is stored).
     *
     * @return the stored credential with its new version
     * @throws CredentialConflictException when another writer got there first
     */
    StoredCredential write(AccountKey account, Credential credential, long expectedVersion)
            throws CredentialStoreException;

    /** Removes the account's credential; returns whether one was stored. */
    boolean delete(AccountKey account) throws CredentialStoreException;

    /** The store could not be reached or answered with an error; the message never contains a secret. */
    class CredentialStoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CredentialStoreException(String message, Throwable cause) {
            super(message, cause);
        }

        public CredentialStoreException(String message) {
            super(message);
        }
    }

    /** A check-and-set write lost against a concurrent writer. */
    class CredentialConflictException extends CredentialStoreException {
        private static final long serialVersionUID = 1L;

        public CredentialConflictException(String message) {
            super(message);
        }
    }
}
