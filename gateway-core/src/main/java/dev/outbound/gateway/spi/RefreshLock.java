package dev.outbound.gateway.spi;

import dev.outbound.gateway.AccountKey;
import java.time.Duration;
import java.util.Optional;

/**
 * Mutual exclusion of token refreshes for one account, across threads or, with a distributed backend, across
 * nodes. A lock is a lease: it carries an owner token and expires after its TTL, so a node that dies while holding
 * it cannot block the account for ever. Implementations must be thread-safe.
 */
public interface RefreshLock {

    /**
     * Tries to take the account's lock, waiting at most {@code maxWait}.
     *
     * @return the lease, or empty when another owner still held it after {@code maxWait}
     */
    Optional<Lease> acquire(AccountKey account, Duration ttl, Duration maxWait) throws InterruptedException;

    /** A held lock. Releasing is idempotent and only ever releases this owner's lease. */
    interface Lease extends AutoCloseable {
        /** A random token identifying this owner. */
        String ownerToken();

        /** Extends the lease by {@code ttl} from now; false when it had already expired or passed to another. */
        boolean extend(Duration ttl);

        /** Releases the lease if this owner still holds it. */
        @Override
        void close();
    }
}
