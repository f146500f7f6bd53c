package dev.outbound.gateway.spi;

import dev.outbound.gateway.AccountKey;
import java.time.Duration;
import java.util.Optional;

/**
 * Mutual exclusion of token refreshes for one account, across threads or, with a distributed backend, across
 * nodes. A lock is a lease: it carries an owner token and expires after its TTL, so a node that dies while holding
 * it cannot block the account for ever. Implementations must be thread-safe.
 *
 * <p>The two ways of not getting the lock are kept apart, because they call for different answers: an empty result
 * means another owner held it for the whole wait; a {@link LockUnavailableException} means the lock's backend could
 * not be reached or did not answer in time, so nobody knows who holds it.
 */
public interface RefreshLock {

    /**
     * Tries to take the account's lock, waiting at most {@code maxWait} in all, including the time the backend takes
     * to answer (an implementation may allow a try made at the very end of the wait the short time a healthy backend
     * needs to answer). With a zero {@code maxWait} the lock is tried once, and the backend's answer is awaited for at
     * most the implementation's own command timeout.
     *
     * @return the lease, or empty when another owner still held it after {@code maxWait}
     * @throws LockUnavailableException when the backend could not be reached or did not answer within the wait
     */
    Optional<Lease> acquire(AccountKey account, Duration ttl, Duration maxWait) throws InterruptedException;

    /** A held lock. Releasing is idempotent and only ever releases this owner's lease. */
    interface Lease extends AutoCloseable {
        /** A random token identifying this owner. */
        String ownerToken();

        /** Extends the lease by {@code ttl} from now; false when it had already expired or passed to another. */
        boolean extend(Duration ttl);

        /**
         * Releases the lease if this owner still holds it. May throw {@link LockUnavailableException} when the backend
         * cannot be reached; the lease then ends when its TTL runs out.
         */
        @Override
        void close();
    }

    /**
     * The lock's backend could not be reached or did not answer in time. The message names the backend and the wait,
     * never a credential.
     */
    class LockUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LockUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }

        public LockUnavailableException(String message) {
            super(message);
        }
    }
}
