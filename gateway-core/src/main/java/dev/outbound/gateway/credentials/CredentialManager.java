package dev.outbound.gateway.credentials;

import static dev.outbound.gateway.credentials.CredentialFailures.unavailable;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.gateway.spi.Sleeper;
import dev.outbound.gateway.spi.StoredCredential;
import dev.outbound.gateway.spi.TokenRefresher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The token lifecycle of every account: which credential a call uses now, and when and how it is refreshed.
 * Thread-safe; build one per gateway and {@link #close()} it with the gateway.
 *
 * <ul>
 *   <li><b>Read-through cache.</b> A bounded cache per account in front of the {@link CredentialStore}: in steady
 *   state a call reads one map entry and the clock. A cached credential is re-read from the store after
 *   {@code cacheTtl} (so rotated API keys are picked up), and at once after this node writes one.</li>
 *   <li><b>Bounded waits.</b> Store reads, lock waits, token refreshes and store writes run as one task per account
 *   on the manager's bounded executor; a caller waits for that task no longer than its own deadline, and is then
 *   told which wait ran out ({@code TIMEOUT}/{@code deadline_exceeded}). The task goes on, and its result still
 *   lands in the cache for the next call.</li>
 *   <li><b>Proactive refresh.</b> A credential with an expiry is refreshed once it is inside the refresh window
 *   (default 5 minutes, at most half the token's lifetime) plus a per-account jitter, so tokens issued together do
 *   not all refresh in the same second. The refresh, like a re-read of a stale entry, runs in the background: every
 *   caller, the one that noticed included, carries on with the still-valid credential. Callers wait only when the
 *   current credential cannot be used (expired, rejected by the provider, none yet).</li>
 *   <li><b>Single flight.</b> One task per account at a time in this JVM, coordinated through the account's cache
 *   entry: no global lock, and no map beyond the bounded cache. Across nodes the {@link RefreshLock} is taken, and
 *   the store is read again under it: if another node already refreshed, its credential is used and the token
 *   endpoint is not called. A lock that cannot be released is left to expire, with a warning.</li>
 *   <li><b>Rotation safety.</b> A refreshed credential is written with check-and-set before it is used; failed
 *   writes are retried, and if they keep failing a critical {@link AuthEvent.Type#WRITE_FAILED} event names the
 *   account and the write is tried again on the next store read.</li>
 *   <li><b>Revocation.</b> A refresh rejected with reason {@code token_revoked} ({@code invalid_grant}) first reads
 *   the store again: a different refresh token there (another node rotated it, or the customer re-authorized) is
 *   used instead. Otherwise the account's credential is marked revoked: calls fail fast with that envelope, and the
 *   store is looked at again only every {@code recheckInterval}, until a new credential is stored.</li>
 *   <li><b>Persistent rejection.</b> When the provider keeps rejecting the account's credential right after it was
 *   refreshed (scope removed, user disabled), the account is marked as needing re-authorization after
 *   {@code rejectionLimit} such refresh-and-retry cycles in a row, with a critical {@link AuthEvent.Type#REJECTED}
 *   event, and calls fail fast as for a revoked grant. A call the provider accepts resets the count.</li>
 *   <li><b>Store down.</b> A cached credential that is still valid keeps being used; without one, calls fail at once
 *   with {@code AUTH_FAILURE}/{@code credential_unavailable}, and the store is not asked again for
 *   {@code recheckInterval}. Any exception of the store, lock or refresher becomes an {@link IntegrationException};
 *   JVM errors are passed on as they are.</li>
 * </ul>
 * Every auth event goes to the listener, to the audit logger {@code dev.outbound.audit} (one line, no secret) and to
 * the {@link CredentialMetrics#AUTH_EVENTS} counter.
 */
public final class CredentialManager implements AutoCloseable {
    private final Clock clock;
    private final Duration defaultTimeout;
    private final Duration recheckInterval;
    private final int rejectionLimit;
    private final int maxAccounts;
    private final AuthEvents events;
    private final ConcurrentMap<AccountKey, AccountState> cache = new ConcurrentHashMap<>();
    private final ScheduledExecutorService extender;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final CredentialWork work;

    private CredentialManager(Builder b) {
        this.clock = b.clock;
        this.defaultTimeout = b.defaultTimeout;
        this.recheckInterval = b.recheckInterval;
        this.rejectionLimit = b.rejectionLimit;
        this.maxAccounts = b.maxAccounts;
        this.events = new AuthEvents(b.clock, b.listener, b.meters != null ? b.meters : new SimpleMeterRegistry());
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, daemon("outbound-lease-extender"));
        ex.setRemoveOnCancelPolicy(true);
        this.extender = ex;
        this.ownsExecutor = b.executor == null;
        this.executor = ownsExecutor ? defaultExecutor(b.workers) : b.executor;
        RefreshLock lock = b.lock != null ? b.lock : new InJvmRefreshLock(b.clock);
        Sleeper sleeper = b.sleeper != null ? b.sleeper : (b.clock instanceof Sleeper s ? s : Sleeper.system());
        this.work = new CredentialWork(b, lock, sleeper, events, extender, e -> cache.remove(e.account, e));
    }

    /** A builder over {@code store}; every other setting has a default. */
    public static Builder builder(CredentialStore store) {
        return new Builder(store);
    }

    /**
     * The credential a call to {@code account} should use now, waiting at most the default timeout (30 s unless set
     * with {@link Builder#defaultTimeout}).
     *
     * @see #resolve(AccountKey, Instant)
     */
    public Credential resolve(AccountKey account) {
        return resolve(account, clock.instant().plus(defaultTimeout));
    }

    /**
     * The credential a call to {@code account} should use now. Returns at once with a cached credential that is
     * still valid; otherwise waits for the account's store read or refresh until {@code deadline} (on this manager's
     * clock) at the latest.
     *
     * @throws IntegrationException {@code TIMEOUT}/{@code deadline_exceeded} when the deadline came first (the message
     *     says what was being waited for); {@code AUTH_FAILURE} with reason {@code credential_unavailable} (nothing
     *     stored, store down with nothing usable cached, refresh lock backend unreachable, refresh failed) or
     *     {@code token_revoked} (the account needs re-authorization)
     */
    public Credential resolve(AccountKey account, Instant deadline) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(deadline, "deadline");
        AccountState e = entry(account);
        Instant now = clock.instant();
        StoredCredential s = e.stored;
        if (s != null) {
            if (e.revoked(s)) {
                if (now.isBefore(e.staleAt)) {
                    throw CredentialFailures.revoked(e.revokedBecause);
                }
            } else if (!e.rejected(s) && CredentialWork.usable(s.credential(), now)) {
                if (now.isBefore(e.refreshAt) && now.isBefore(e.staleAt)) {
                    return s.credential();
                }
                // Due for a proactive refresh or a re-read, but still valid: the work runs in the background and
                // every caller, this one included, carries on with the current credential. Nobody waits for it, so
                // its lock wait is the configured one.
                start(e, Instant.MAX);
                return s.credential();
            }
        } else if (now.isBefore(e.storeDownUntil)) {
            throw unavailable("credential store unavailable (not retried until " + e.storeDownUntil + ")", null);
        }
        while (true) {
            Started started = start(e, deadline);
            Flight flight = started.flight();
            if (!started.fresh() && flight.result.isDone()) {
                // It answered before this caller came and is only ending (releasing its lock, or refreshing in the
                // background): its answer may predate what made this caller wait (a revocation, a rejection).
                await(e, flight.ended, flight, deadline);
                continue;
            }
            Credential c = await(e, flight.result, flight, deadline);
            StoredCredential latest = e.stored;
            if (latest == null || !e.rejected(latest) || !latest.credential().equals(c)) {
                return c;
            }
            // The flight answered before the provider rejected its answer, and is still ending (releasing its lock,
            // or refreshing in the background): the next one will refresh the rejected credential.
            await(e, flight.ended, flight, deadline);
        }
    }

    /**
     * The provider rejected {@code rejected} for {@code account}: if it is still the cached credential, the next
     * {@link #resolve} refreshes it (or reads the store again for kinds that cannot be refreshed). A rejection of an
     * older credential, already replaced by a refresh, is ignored, so a burst of 401s causes one refresh.
     */
    public void invalidate(AccountKey account, Credential rejected) {
        Objects.requireNonNull(account, "account");
        AccountState e = cache.get(account);
        if (e == null) {
            return;
        }
        StoredCredential s = e.stored;
        if (s != null && (rejected == null || s.credential().equals(rejected))) {
            e.rejectedVersion = s.version();
        }
    }

    /**
     * The provider rejected {@code rejected} again right after the refresh that {@link #invalidate} asked for: one
     * failed refresh-and-retry cycle. After {@code rejectionLimit} of them in a row the account needs
     * re-authorization (a critical {@link AuthEvent.Type#REJECTED} event) and calls fail fast without a request.
     * Reports about the same refresh (concurrent calls that all retried with it) count once.
     */
    public void rejectedAfterRefresh(AccountKey account, Credential rejected) {
        Objects.requireNonNull(account, "account");
        AccountState e = cache.get(account);
        StoredCredential s = e == null ? null : e.stored;
        if (s == null || e.revoked(s) || (rejected != null && !s.credential().equals(rejected))) {
            return;
        }
        int cycles;
        synchronized (e) {
            long refresh = e.rejectionRefreshes;
            if (e.countedRefresh == refresh) {
                return;
            }
            e.countedRefresh = refresh;
            cycles = ++e.failedCycles;
            if (cycles < rejectionLimit) {
                return;
            }
            e.failedCycles = 0;
            e.revokedBecause = "the provider rejected the credential of " + account + " (version " + s.version()
                    + ") after " + cycles + " refreshes in a row; the account needs re-authorization";
            e.staleAt = clock.instant().plus(recheckInterval);
            e.revokedVersion = s.version();
        }
        events.emit(AuthEvent.Type.REJECTED, account, s.version(), "provider rejected the credential after "
                + cycles + " consecutive refresh-and-retry cycles; re-authorization needed");
    }

    /** The provider accepted a credential of {@code account}: the count of rejected refresh cycles starts again. */
    public void accepted(AccountKey account) {
        AccountState e = cache.get(Objects.requireNonNull(account, "account"));
        if (e != null && e.failedCycles != 0) {
            synchronized (e) {
                e.failedCycles = 0;
            }
        }
    }

    /**
     * Drops the cached credential of an account (for example after it was re-authorized elsewhere), and with it a
     * revoked or rejected state: the next call reads the store again.
     */
    public void evict(AccountKey account) {
        cache.remove(Objects.requireNonNull(account, "account"));
    }

    /** Whether the account's current credential was revoked or kept being rejected, and awaits re-authorization. */
    public boolean needsReauthorization(AccountKey account) {
        AccountState e = cache.get(Objects.requireNonNull(account, "account"));
        StoredCredential s = e == null ? null : e.stored;
        return s != null && e.revoked(s);
    }

    /**
     * Waits until the account's credential work running now (a background refresh or re-read included) has ended,
     * its lock released; for orderly shutdowns and tests.
     *
     * @return false when it was still running after {@code timeout}
     */
    public boolean awaitIdle(AccountKey account, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        AccountState e = cache.get(Objects.requireNonNull(account, "account"));
        if (e == null) {
            return true;
        }
        long end = System.nanoTime() + Math.max(0, timeout.toNanos());
        for (Flight f : new Flight[] {e.inFlight.get(), e.releasing}) {
            if (f == null) {
                continue;
            }
            try {
                f.ended.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException x) {
                return false;
            } catch (ExecutionException x) {
                // never completed exceptionally; the work's own failure is in its result
            }
        }
        return true;
    }

    /** Number of accounts in the cache. */
    public int cachedAccounts() {
        return cache.size();
    }

    @Override
    public void close() {
        extender.shutdownNow();
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private AccountState entry(AccountKey account) {
        AccountState e = cache.get(account);
        if (e == null) {
            e = cache.computeIfAbsent(account, AccountState::new);
            if (cache.size() > maxAccounts) {
                evictSome(e);
            }
        }
        return e;
    }

    /** Approximate eviction: drops arbitrary entries that are not working until the cache is within bounds. */
    private void evictSome(AccountState keep) {
        Iterator<AccountState> it = cache.values().iterator();
        while (cache.size() > maxAccounts && it.hasNext()) {
            AccountState victim = it.next();
            if (victim != keep && victim.inFlight.get() == null) {
                cache.remove(victim.account, victim);
            }
        }
    }

    /** A flight to wait for, and whether this caller started it. */
    private record Started(Flight flight, boolean fresh) {
    }

    /** The account's running flight, or a new one handed to the executor. */
    private Started start(AccountState e, Instant deadline) {
        while (true) {
            Flight running = e.inFlight.get();
            if (running != null) {
                return new Started(running, false);
            }
            Flight mine = new Flight(deadline);
            if (!e.inFlight.compareAndSet(null, mine)) {
                continue;
            }
            try {
                executor.execute(() -> {
                    try {
                        work.run(e, mine);
                    } finally {
                        e.inFlight.compareAndSet(mine, null);
                        mine.ended.complete(null);
                    }
                });
            } catch (RejectedExecutionException x) {
                e.inFlight.compareAndSet(mine, null);
                mine.result.completeExceptionally(unavailable("no credential worker free for " + e.account
                        + ": every worker is busy and the queue is full", null));
                mine.ended.complete(null);
            }
            return new Started(mine, true);
        }
    }

    private <T> T await(AccountState e, CompletableFuture<T> future, Flight flight, Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        try {
            // Capped so that a far deadline (Instant.MAX) cannot overflow; a day is beyond any real call.
            long nanos = left.isNegative() ? 0 : Math.min(left.toNanos(), TimeUnit.DAYS.toNanos(1));
            return future.get(nanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException x) {
            Throwable cause = x.getCause();
            if (cause instanceof IntegrationException ie) {
                // A fresh exception per caller, so that one caller's stack trace is not another's.
                throw new IntegrationException(ie.envelope(), ie.getCause());
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw unavailable("credential work for " + e.account + " failed: "
                    + CredentialFailures.describe(cause), cause);
        } catch (TimeoutException x) {
            throw CredentialFailures.deadlineExceeded(e.account, flight.phase.didNotHappen, left);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the credential of " + e.account, null);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static ExecutorService defaultExecutor(int workers) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(10_000), daemon("outbound-credentials"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public String toString() {
        return "CredentialManager[" + cache.size() + " accounts]";
    }

    /** Builds a {@link CredentialManager}. Not thread-safe. */
    public static final class Builder {
        final CredentialStore store;
        TokenRefresher refresher = TokenRefresher.none();
        RefreshLock lock;
        Clock clock = Clock.systemUTC();
        Sleeper sleeper;
        Duration refreshWindow = Duration.ofMinutes(5);
        Duration jitter;
        Duration cacheTtl = Duration.ofMinutes(5);
        Duration recheckInterval = Duration.ofSeconds(30);
        Duration lockTtl = Duration.ofSeconds(30);
        Duration lockWait = Duration.ofSeconds(30);
        Duration refreshTimeout = Duration.ofSeconds(30);
        Duration defaultTimeout = Duration.ofSeconds(30);
        int writeAttempts = 3;
        Duration writeBackoff = Duration.ofMillis(200);
        int rejectionLimit = 3;
        int maxAccounts = 100_000;
        int workers = 8;
        ExecutorService executor;
        AuthEventListener listener = AuthEventListener.noop();
        MeterRegistry meters;

        private Builder(CredentialStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        public Builder refresher(TokenRefresher refresher) {
            this.refresher = Objects.requireNonNull(refresher, "refresher");
            return this;
        }

        /** The lock that keeps refreshes of one account exclusive; an {@link InJvmRefreshLock} when not set. */
        public Builder refreshLock(RefreshLock lock) {
            this.lock = Objects.requireNonNull(lock, "refreshLock");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Waits between write retries; the clock when it is a {@link Sleeper}, else real time. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** How long before expiry a token is refreshed; default 5 minutes. */
        public Builder refreshWindow(Duration window) {
            this.refreshWindow = nonNegative(window, "refreshWindow");
            return this;
        }

        /** Up to how much earlier than the window a refresh may start; default a fifth of the window; zero: none. */
        public Builder jitter(Duration jitter) {
            this.jitter = nonNegative(jitter, "jitter");
            return this;
        }

        /** How long a cached credential is used before the store is read again; default 5 minutes. */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = positive(ttl, "cacheTtl");
            return this;
        }

        /** How long a store outage or a revocation is trusted before the store is asked again; default 30 s. */
        public Builder recheckInterval(Duration interval) {
            this.recheckInterval = positive(interval, "recheckInterval");
            return this;
        }

        /** Lease of the refresh lock, extended every third of it while a refresh runs; default 30 s. */
        public Builder lockTtl(Duration ttl) {
            this.lockTtl = positive(ttl, "lockTtl");
            return this;
        }

        /**
         * How long to wait for another node's refresh to release the lock; default 30 s. A caller waits no longer
         * than its deadline in any case.
         */
        public Builder lockWait(Duration wait) {
            this.lockWait = nonNegative(wait, "lockWait");
            return this;
        }

        /**
         * The bound of one token refresh, retries included, handed to {@link TokenRefresher#refresh(AccountKey,
         * Credential, Duration)}; default 30 s. It is not cut to a waiting caller's deadline, which is enforced on the
         * caller's side: a token request abandoned half-way may have rotated the refresh token on the server, and
         * the answer is the only copy of the new one.
         */
        public Builder refreshTimeout(Duration timeout) {
            this.refreshTimeout = positive(timeout, "refreshTimeout");
            return this;
        }

        /** How long {@link #resolve(AccountKey)}, the form without a deadline, waits at most; default 30 s. */
        public Builder defaultTimeout(Duration timeout) {
            this.defaultTimeout = positive(timeout, "defaultTimeout");
            return this;
        }

        /** Attempts to store a refreshed credential, and the first backoff (doubled each time); default 3, 200 ms. */
        public Builder writeRetries(int attempts, Duration backoff) {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
            }
            this.writeAttempts = attempts;
            this.writeBackoff = nonNegative(backoff, "backoff");
            return this;
        }

        /**
         * How many refresh-and-retry cycles in a row may end in another rejection by the provider before the account
         * is marked as needing re-authorization; default 3.
         */
        public Builder rejectionLimit(int cycles) {
            if (cycles < 1) {
                throw new IllegalArgumentException("rejectionLimit must be >= 1, was " + cycles);
            }
            this.rejectionLimit = cycles;
            return this;
        }

        /** Bound of the per-account cache; default 100,000 accounts. */
        public Builder maxAccounts(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxAccounts must be >= 1, was " + max);
            }
            this.maxAccounts = max;
            return this;
        }

        /**
         * Threads of the manager's own executor for store reads and refreshes (a store that hangs holds one per
         * account); default 8. Ignored when {@link #executor} is set.
         */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, was " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * Runs store reads and refreshes on {@code executor} instead of the manager's own; it should be bounded, and
         * it is not shut down by {@link CredentialManager#close()}.
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public Builder listener(AuthEventListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        public CredentialManager build() {
            return new CredentialManager(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }

        private static Duration positive(Duration d, String name) {
            nonNegative(d, name);
            if (d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
