package dev.outbound.gateway.credentials;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.CredentialStore.CredentialConflictException;
import dev.outbound.gateway.spi.CredentialStore.CredentialStoreException;
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
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token lifecycle of every account: which credential a call uses now, and when and how it is refreshed.
 * Thread-safe; build one per gateway and {@link #close()} it with the gateway.
 *
 * <ul>
 *   <li><b>Read-through cache.</b> A bounded cache per account in front of the {@link CredentialStore}: in steady
 *   state a call reads one map entry and the clock. A cached credential is re-read from the store after
 *   {@code cacheTtl} (so rotated API keys are picked up), and at once after this node writes one.</li>
 *   <li><b>Proactive refresh.</b> A credential with an expiry is refreshed once it is inside the refresh window
 *   (default 5 minutes, at most half the token's lifetime) plus a per-account jitter, so tokens issued together do
 *   not all refresh in the same second. While a proactive refresh runs, other callers keep using the still-valid
 *   token; callers wait only when the current token cannot be used (expired, rejected by the provider, none yet).</li>
 *   <li><b>Single flight.</b> One refresh per account at a time in this JVM, coordinated through the account's
 *   cache entry: no global lock, and no map beyond the bounded cache. Across nodes the {@link RefreshLock} is taken,
 *   and the store is read again under it: if another node already refreshed, its credential is used and the token
 *   endpoint is not called.</li>
 *   <li><b>Rotation safety.</b> A refreshed credential is written with check-and-set before it is used; failed
 *   writes are retried, and if they keep failing a critical {@link AuthEvent.Type#WRITE_FAILED} event names the
 *   account and the write is tried again on the next store read.</li>
 *   <li><b>Revocation.</b> A refresh rejected with reason {@code token_revoked} marks the account's credential as
 *   revoked: calls fail fast with that envelope, and the store is looked at again only every
 *   {@code recheckInterval}, until a new credential is stored.</li>
 *   <li><b>Store down.</b> A cached credential that is still valid keeps being used; without one, calls fail at once
 *   with {@code AUTH_FAILURE}/{@code credential_unavailable}, and the store is not asked again for
 *   {@code recheckInterval}.</li>
 * </ul>
 * Every auth event goes to the listener, to the audit logger {@code dev.outbound.audit} (one line, no secret) and to
 * the {@link CredentialMetrics#AUTH_EVENTS} counter.
 */
public final class CredentialManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CredentialManager.class);
    private static final Logger audit = LoggerFactory.getLogger("dev.outbound.audit");

    private final CredentialStore store;
    private final TokenRefresher refresher;
    private final RefreshLock lock;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration refreshWindow;
    private final Duration jitter;
    private final Duration cacheTtl;
    private final Duration recheckInterval;
    private final Duration lockTtl;
    private final Duration lockWait;
    private final int writeAttempts;
    private final Duration writeBackoff;
    private final int maxAccounts;
    private final AuthEventListener listener;
    private final MeterRegistry meters;
    private final ConcurrentMap<AccountKey, Entry> cache = new ConcurrentHashMap<>();
    private final ScheduledExecutorService extender;

    private CredentialManager(Builder b) {
        this.store = b.store;
        this.refresher = b.refresher;
        this.clock = b.clock;
        this.lock = b.lock != null ? b.lock : new InJvmRefreshLock(b.clock);
        this.sleeper = b.sleeper != null ? b.sleeper : (b.clock instanceof Sleeper s ? s : Sleeper.system());
        this.refreshWindow = b.refreshWindow;
        this.jitter = b.jitter != null ? b.jitter : b.refreshWindow.dividedBy(5);
        this.cacheTtl = b.cacheTtl;
        this.recheckInterval = b.recheckInterval;
        this.lockTtl = b.lockTtl;
        this.lockWait = b.lockWait;
        this.writeAttempts = b.writeAttempts;
        this.writeBackoff = b.writeBackoff;
        this.maxAccounts = b.maxAccounts;
        this.listener = b.listener;
        this.meters = b.meters != null ? b.meters : new SimpleMeterRegistry();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "outbound-lease-extender");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        this.extender = ex;
    }

    /** A builder over {@code store}; every other setting has a default. */
    public static Builder builder(CredentialStore store) {
        return new Builder(store);
    }

    /**
     * The credential a call to {@code account} should use now.
     *
     * @throws IntegrationException {@code AUTH_FAILURE} with reason {@code credential_unavailable} (nothing stored,
     *     store down with nothing usable cached, refresh lock not obtained in time) or {@code token_revoked}
     */
    public Credential resolve(AccountKey account) {
        Objects.requireNonNull(account, "account");
        Entry e = entry(account);
        Instant now = clock.instant();
        StoredCredential s = e.stored;
        if (s != null) {
            long version = s.version();
            if (e.revokedVersion == version) {
                if (now.isBefore(e.staleAt)) {
                    throw revoked(account, version);
                }
            } else if (e.rejectedVersion != version && usable(s.credential(), now)) {
                if (now.isBefore(e.refreshAt) && now.isBefore(e.staleAt)) {
                    return s.credential();
                }
                // Due for a proactive refresh or a re-read, but still valid: one caller does the work, the others
                // carry on with the current credential.
                CompletableFuture<Credential> mine = new CompletableFuture<>();
                if (!e.inFlight.compareAndSet(null, mine)) {
                    return s.credential();
                }
                return lead(e, mine);
            }
        } else if (now.isBefore(e.storeDownUntil)) {
            throw unavailable(account, "credential store unavailable (not retried until " + e.storeDownUntil + ")",
                    null);
        }
        return awaitOrLead(e);
    }

    /**
     * The provider rejected {@code rejected} for {@code account}: if it is still the cached credential, the next
     * {@link #resolve} refreshes it (or reads the store again for kinds that cannot be refreshed). A rejection of an
     * older credential, already replaced by a refresh, is ignored, so a burst of 401s causes one refresh.
     */
    public void invalidate(AccountKey account, Credential rejected) {
        Objects.requireNonNull(account, "account");
        Entry e = cache.get(account);
        if (e == null) {
            return;
        }
        StoredCredential s = e.stored;
        if (s != null && (rejected == null || s.credential().equals(rejected))) {
            e.rejectedVersion = s.version();
        }
    }

    /** Drops the cached credential of an account (for example after it was re-authorized elsewhere). */
    public void evict(AccountKey account) {
        cache.remove(Objects.requireNonNull(account, "account"));
    }

    /** Whether the account's current credential was revoked and awaits re-authorization. */
    public boolean needsReauthorization(AccountKey account) {
        Entry e = cache.get(Objects.requireNonNull(account, "account"));
        StoredCredential s = e == null ? null : e.stored;
        return s != null && e.revokedVersion == s.version();
    }

    /** Number of accounts in the cache. */
    public int cachedAccounts() {
        return cache.size();
    }

    @Override
    public void close() {
        extender.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Per-account state. Fields are written by the one caller that does the account's work at a time. */
    private static final class Entry {
        final AccountKey account;
        final AtomicReference<CompletableFuture<Credential>> inFlight = new AtomicReference<>();
        volatile StoredCredential stored;
        volatile Instant refreshAt = Instant.MAX;
        volatile Instant staleAt = Instant.MIN;
        volatile Instant storeDownUntil = Instant.MIN;
        volatile boolean storeDown;
        volatile long rejectedVersion = -1;
        volatile long revokedVersion = -1;
        /** A refreshed credential the store did not take; written on the next store read. */
        volatile Credential unpersisted;

        Entry(AccountKey account) {
            this.account = account;
        }
    }

    private Entry entry(AccountKey account) {
        Entry e = cache.get(account);
        if (e == null) {
            e = cache.computeIfAbsent(account, Entry::new);
            if (cache.size() > maxAccounts) {
                evictSome(e);
            }
        }
        return e;
    }

    /** Approximate eviction: drops arbitrary entries that are not refreshing until the cache is within bounds. */
    private void evictSome(Entry keep) {
        Iterator<Entry> it = cache.values().iterator();
        while (cache.size() > maxAccounts && it.hasNext()) {
            Entry victim = it.next();
            if (victim != keep && victim.inFlight.get() == null) {
                cache.remove(victim.account, victim);
            }
        }
    }

    private Credential awaitOrLead(Entry e) {
        CompletableFuture<Credential> mine = new CompletableFuture<>();
        CompletableFuture<Credential> running = e.inFlight.compareAndExchange(null, mine);
        if (running == null) {
            return lead(e, mine);
        }
        try {
            return running.get(lockWait.plus(lockTtl).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException x) {
            if (x.getCause() instanceof IntegrationException ie) {
                throw new IntegrationException(ie.envelope(), ie.getCause());
            }
            throw unavailable(e.account, "credential refresh failed: " + x.getCause().getClass().getSimpleName(),
                    x.getCause());
        } catch (TimeoutException x) {
            throw unavailable(e.account, "timed out waiting for the account's credential refresh", null);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw unavailable(e.account, "interrupted while waiting for the account's credential refresh", null);
        }
    }

    private Credential lead(Entry e, CompletableFuture<Credential> mine) {
        try {
            Credential c = work(e);
            mine.complete(c);
            return c;
        } catch (RuntimeException | Error x) {
            mine.completeExceptionally(x);
            throw x;
        } finally {
            e.inFlight.set(null);
        }
    }

    /** The single-flight work of one account: re-read, refresh under the lock if due, write, install. */
    private Credential work(Entry e) {
        AccountKey account = e.account;
        Instant now = clock.instant();
        StoredCredential cached = e.stored;
        StoredCredential current = readOrFallBack(e, now);
        if (current == null) {
            return cached.credential(); // store down, cached credential still usable
        }
        persistPending(e, current);
        current = e.stored != null && e.stored.version() > current.version() ? e.stored : current;
        if (e.revokedVersion == current.version()) {
            install(e, current, now);
            e.staleAt = now.plus(recheckInterval);
            throw revoked(account, current.version());
        }
        if (!refreshDue(e, current, now)) {
            install(e, current, now);
            return current.credential();
        }
        Optional<RefreshLock.Lease> lease;
        try {
            lease = lock.acquire(account, lockTtl, lockWait);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw unavailable(account, "interrupted while waiting for the refresh lock", null);
        } catch (RuntimeException x) {
            log.warn("refresh lock unavailable for {}: {}", account, x.getClass().getSimpleName());
            lease = Optional.empty();
        }
        if (lease.isEmpty()) {
            if (usable(current.credential(), now) && e.rejectedVersion != current.version()) {
                install(e, current, now);
                return current.credential();
            }
            throw unavailable(account, "refresh lock not obtained within " + lockWait, null);
        }
        try (RefreshLock.Lease held = lease.get()) {
            ScheduledFuture<?> keepAlive = keepAlive(held);
            try {
                return refreshUnderLock(e, current);
            } finally {
                keepAlive.cancel(false);
            }
        }
    }

    private Credential refreshUnderLock(Entry e, StoredCredential before) {
        AccountKey account = e.account;
        Instant now = clock.instant();
        StoredCredential current = readOrFallBack(e, now);
        if (current == null) {
            return before.credential(); // store went down; the caller checked this one is usable
        }
        if (current.version() != before.version() && !refreshDue(e, current, now)) {
            install(e, current, now); // another node refreshed while we waited for the lock
            return current.credential();
        }
        if (!refreshDue(e, current, now)) {
            install(e, current, now);
            return current.credential();
        }
        Credential fresh;
        try {
            fresh = refresher.refresh(account, current.credential());
        } catch (IntegrationException x) {
            return refreshFailed(e, current, now, x);
        } catch (RuntimeException x) {
            IntegrationException wrapped = unavailable(account, "token refresh failed: "
                    + x.getClass().getSimpleName(), x);
            return refreshFailed(e, current, now, wrapped);
        }
        Objects.requireNonNull(fresh, "TokenRefresher returned null");
        if (fresh.equals(current.credential())) {
            // Nothing to refresh (static kinds): stop asking until it expires or is rejected again.
            install(e, current, now);
            e.rejectedVersion = -1;
            e.refreshAt = current.credential().expiresAt().orElse(Instant.MAX);
            return current.credential();
        }
        count(account, "success");
        StoredCredential written = write(e, current, fresh, now);
        if (written.version() == current.version()) {
            return fresh; // not persisted: WRITE_FAILED was reported; used from memory
        }
        emit(AuthEvent.Type.REFRESHED, account, written.version(), "kind=" + fresh.kind()
                + expiryDetail(fresh));
        if (rotated(current.credential(), fresh)) {
            emit(AuthEvent.Type.ROTATED, account, written.version(), "refresh token rotated and stored");
        }
        return written.credential();
    }

    private Credential refreshFailed(Entry e, StoredCredential current, Instant now, IntegrationException x) {
        AccountKey account = e.account;
        ErrorEnvelope env = x.envelope();
        count(account, "failure");
        if (Reasons.TOKEN_REVOKED.equals(env.reason())) {
            install(e, current, now);
            e.revokedVersion = current.version();
            e.staleAt = now.plus(recheckInterval);
            emit(AuthEvent.Type.REVOKED, account, current.version(), "grant rejected; re-authorization needed");
            throw x;
        }
        emit(AuthEvent.Type.REFRESH_FAILED, account, current.version(),
                "category=" + env.category().wireName() + " reason=" + env.reason());
        if (usable(current.credential(), now) && e.rejectedVersion != current.version()) {
            install(e, current, now);
            e.refreshAt = now.plus(recheckInterval); // try again later, not on every call
            return current.credential();
        }
        throw x;
    }

    /** Check-and-set write with retries; returns the stored result, or {@code base} unchanged when it failed. */
    private StoredCredential write(Entry e, StoredCredential base, Credential fresh, Instant now) {
        AccountKey account = e.account;
        CredentialStoreException last = null;
        for (int attempt = 1; attempt <= writeAttempts; attempt++) {
            try {
                StoredCredential written = store.write(account, fresh, base.version());
                e.unpersisted = null;
                install(e, written, now);
                return written;
            } catch (CredentialConflictException c) {
                // Someone else stored a credential meanwhile (a re-authorization): theirs wins.
                log.warn("credential of {} changed in the store during a refresh; using the stored one", account);
                StoredCredential theirs = readOrFallBack(e, now);
                if (theirs != null) {
                    install(e, theirs, now);
                    return theirs;
                }
                last = c;
                break;
            } catch (CredentialStoreException x) {
                last = x;
                if (attempt < writeAttempts) {
                    try {
                        sleeper.sleep(writeBackoff.multipliedBy(1L << (attempt - 1)));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        emit(AuthEvent.Type.WRITE_FAILED, account, base.version(), "refreshed credential not stored after "
                + writeAttempts + " attempts (" + (last == null ? "?" : last.getClass().getSimpleName())
                + "); kept in memory and written on the next store read");
        e.unpersisted = fresh;
        StoredCredential inMemory = new StoredCredential(fresh, base.version(), now);
        install(e, inMemory, now);
        e.staleAt = now.plus(recheckInterval);
        return inMemory;
    }

    private void persistPending(Entry e, StoredCredential current) {
        Credential pending = e.unpersisted;
        if (pending == null) {
            return;
        }
        try {
            StoredCredential written = store.write(e.account, pending, current.version());
            e.unpersisted = null;
            install(e, written, clock.instant());
            emit(AuthEvent.Type.REFRESHED, e.account, written.version(), "previously unstored credential stored");
        } catch (CredentialConflictException c) {
            e.unpersisted = null;
        } catch (CredentialStoreException x) {
            log.warn("credential of {} still not stored: {}", e.account, x.getClass().getSimpleName());
        }
    }

    /**
     * Reads the store. On failure: returns {@code null} when the cached credential is still usable (the caller
     * keeps it), else throws {@code credential_unavailable}. Throws the same when nothing is stored.
     */
    private StoredCredential readOrFallBack(Entry e, Instant now) {
        AccountKey account = e.account;
        Optional<StoredCredential> read;
        try {
            read = store.read(account);
        } catch (CredentialStoreException x) {
            e.storeDownUntil = now.plus(recheckInterval);
            if (!e.storeDown) {
                e.storeDown = true;
                emit(AuthEvent.Type.STORE_UNAVAILABLE, account, 0, "store read failed: "
                        + x.getClass().getSimpleName());
            }
            StoredCredential cached = e.stored;
            if (cached != null && usable(cached.credential(), now) && e.rejectedVersion != cached.version()
                    && e.revokedVersion != cached.version()) {
                e.staleAt = now.plus(recheckInterval);
                return null;
            }
            throw unavailable(account, "credential store unavailable: " + x.getMessage(), x);
        }
        e.storeDown = false;
        e.storeDownUntil = Instant.MIN;
        return read.orElseThrow(() -> {
            cache.remove(account, e);
            return unavailable(account, "no credential stored for " + account, null);
        });
    }

    private void install(Entry e, StoredCredential s, Instant now) {
        e.stored = s;
        e.staleAt = now.plus(cacheTtl);
        e.refreshAt = refreshAt(e.account, s);
    }

    private boolean refreshDue(Entry e, StoredCredential s, Instant now) {
        return e.rejectedVersion == s.version() || needsToken(s.credential()) || !now.isBefore(refreshAt(e.account, s))
                || !usable(s.credential(), now);
    }

    /**
     * When to refresh proactively: expiry minus the window (at most half the lifetime seen since the credential
     * was stored) minus a jitter that is fixed per account and version, so every node computes the same instant.
     */
    private Instant refreshAt(AccountKey account, StoredCredential s) {
        Optional<Instant> expiry = s.credential().expiresAt();
        if (expiry.isEmpty()) {
            return Instant.MAX;
        }
        Duration lifetime = Duration.between(s.updatedAt(), expiry.get());
        Duration window = refreshWindow;
        if (!lifetime.isNegative() && lifetime.dividedBy(2).compareTo(window) < 0) {
            window = lifetime.dividedBy(2);
        }
        long jitterMillis = jitter.toMillis() <= 0 ? 0
                : new SplittableRandom(account.hashCode() * 31L + s.version()).nextLong(jitter.toMillis() + 1);
        if (window.compareTo(refreshWindow) < 0) {
            jitterMillis = jitterMillis * window.toMillis() / Math.max(1, refreshWindow.toMillis());
        }
        return expiry.get().minus(window).minusMillis(jitterMillis);
    }

    private static boolean usable(Credential c, Instant now) {
        if (needsToken(c)) {
            return false;
        }
        return c.expiresAt().map(now::isBefore).orElse(true);
    }

    private static boolean needsToken(Credential c) {
        return c instanceof Credential.ClientCredentials cc && !cc.hasAccessToken();
    }

    private static boolean rotated(Credential before, Credential after) {
        return before instanceof Credential.OAuth2Token b && after instanceof Credential.OAuth2Token a
                && b.hasRefreshToken() && a.hasRefreshToken() && !b.refreshToken().equals(a.refreshToken());
    }

    private static String expiryDetail(Credential c) {
        return c.expiresAt().map(x -> " expires=" + x).orElse("");
    }

    private ScheduledFuture<?> keepAlive(RefreshLock.Lease lease) {
        long period = Math.max(1, lockTtl.toMillis() / 3);
        return extender.scheduleAtFixedRate(() -> {
            try {
                if (!lease.extend(lockTtl)) {
                    log.warn("refresh lease was lost before the refresh finished");
                }
            } catch (RuntimeException x) {
                log.warn("could not extend the refresh lease: {}", x.getClass().getSimpleName());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private void count(AccountKey account, String outcome) {
        meters.counter(CredentialMetrics.REFRESHES, "provider", account.provider(), "customer",
                account.customerId(), "outcome", outcome).increment();
    }

    private void emit(AuthEvent.Type type, AccountKey account, long version, String detail) {
        AuthEvent event = new AuthEvent(type, account, clock.instant(), version, detail);
        if (type.critical()) {
            audit.error("auth_event type={} provider={} customer={} version={} critical=true detail=\"{}\"",
                    type.wireName(), account.provider(), account.customerId(), version, detail);
        } else {
            audit.info("auth_event type={} provider={} customer={} version={} detail=\"{}\"", type.wireName(),
                    account.provider(), account.customerId(), version, detail);
        }
        meters.counter(CredentialMetrics.AUTH_EVENTS, "provider", account.provider(), "customer",
                account.customerId(), CredentialMetrics.TAG_TYPE, type.wireName()).increment();
        try {
            listener.onEvent(event);
        } catch (RuntimeException x) {
            log.warn("auth event listener failed on {}: {}", type.wireName(), x.toString());
        }
    }

    private static IntegrationException revoked(AccountKey account, long version) {
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                .reason(Reasons.TOKEN_REVOKED)
                .message("credential of " + account + " (version " + version
                        + ") was revoked; the account needs re-authorization").build());
    }

    private static IntegrationException unavailable(AccountKey account, String message, Throwable cause) {
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                .reason(Reasons.CREDENTIAL_UNAVAILABLE).message(message).build(), cause);
    }

    @Override
    public String toString() {
        return "CredentialManager[" + cache.size() + " accounts, window=" + refreshWindow + "]";
    }

    /** Builds a {@link CredentialManager}. Not thread-safe. */
    public static final class Builder {
        private final CredentialStore store;
        private TokenRefresher refresher = TokenRefresher.none();
        private RefreshLock lock;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper;
        private Duration refreshWindow = Duration.ofMinutes(5);
        private Duration jitter;
        private Duration cacheTtl = Duration.ofMinutes(5);
        private Duration recheckInterval = Duration.ofSeconds(30);
        private Duration lockTtl = Duration.ofSeconds(30);
        private Duration lockWait = Duration.ofSeconds(30);
        private int writeAttempts = 3;
        private Duration writeBackoff = Duration.ofMillis(200);
        private int maxAccounts = 100_000;
        private AuthEventListener listener = AuthEventListener.noop();
        private MeterRegistry meters;

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

        /** How long to wait for another node's refresh to release the lock; default 30 s. */
        public Builder lockWait(Duration wait) {
            this.lockWait = nonNegative(wait, "lockWait");
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

        /** Bound of the per-account cache; default 100,000 accounts. */
        public Builder maxAccounts(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxAccounts must be >= 1, was " + max);
            }
            this.maxAccounts = max;
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
