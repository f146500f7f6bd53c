package dev.outbound.gateway.credentials;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.RefreshLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The one-node {@link RefreshLock}: a lease per account in the JVM, with an owner token and an expiry read from the
 * given {@link Clock}. Only held leases are kept: a lease is removed when it is released or when a later acquirer
 * finds it expired, so the map never grows past the number of accounts refreshing at once. Thread-safe.
 *
 * <p>Waiting for a held lock is done in real time (bounded by {@code maxWait}); expiry is judged by the clock, so a
 * test with a fake clock can expire a lease by advancing it.
 */
public final class InJvmRefreshLock implements RefreshLock {
    /** How often a waiter looks again when nobody wakes it (a lease may expire without a release). */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Clock clock;
    private final ConcurrentMap<AccountKey, Held> held = new ConcurrentHashMap<>();
    private final Object released = new Object();

    public InJvmRefreshLock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private record Held(String owner, Instant expiresAt) {
    }

    @Override
    public Optional<Lease> acquire(AccountKey account, Duration ttl, Duration maxWait) throws InterruptedException {
        Objects.requireNonNull(account, "account");
        requirePositive(ttl, "ttl");
        Objects.requireNonNull(maxWait, "maxWait");
        String owner = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        while (true) {
            Instant now = clock.instant();
            Held mine = new Held(owner, now.plus(ttl));
            Held result = held.compute(account, (k, cur) -> cur == null || !now.isBefore(cur.expiresAt) ? mine : cur);
            if (result == mine) {
                return Optional.of(new JvmLease(account, owner));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            synchronized (released) {
                TimeUnit.NANOSECONDS.timedWait(released, Math.min(left, RECHECK_NANOS));
            }
        }
    }

    /** Number of leases currently held (expired ones not yet taken over included); for tests and metrics. */
    public int heldCount() {
        return held.size();
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private final class JvmLease implements Lease {
        private final AccountKey account;
        private final String owner;

        JvmLease(AccountKey account, String owner) {
            this.account = account;
            this.owner = owner;
        }

        @Override
        public String ownerToken() {
            return owner;
        }

        @Override
        public boolean extend(Duration ttl) {
            requirePositive(ttl, "ttl");
            boolean[] extended = {false};
            held.computeIfPresent(account, (k, cur) -> {
                Instant now = clock.instant();
                if (cur.owner.equals(owner) && now.isBefore(cur.expiresAt)) {
                    extended[0] = true;
                    return new Held(owner, now.plus(ttl));
                }
                return cur;
            });
            return extended[0];
        }

        @Override
        public void close() {
            if (held.computeIfPresent(account, (k, cur) -> cur.owner.equals(owner) ? null : cur) == null) {
                synchronized (released) {
                    released.notifyAll();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "InJvmRefreshLock[" + held.size() + " held]";
    }
}
