package dev.outbound.gateway.credentials;

import static dev.outbound.gateway.credentials.CredentialFailures.describe;
import static dev.outbound.gateway.credentials.CredentialFailures.format;
import static dev.outbound.gateway.credentials.CredentialFailures.unavailable;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one {@link Flight}: read the store, and when the credential is due, take the account's refresh lock,
 * read again under it, refresh, store with check-and-set, install. Runs on the manager's executor, never on a
 * caller's thread, so that a store, lock backend or token endpoint that does not answer holds up no caller past its
 * deadline. Thread-safe: per-account exclusion comes from the flight, not from this class.
 */
final class CredentialWork {
    private static final Logger log = LoggerFactory.getLogger(CredentialManager.class);

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
    private final Duration refreshTimeout;
    private final int writeAttempts;
    private final Duration writeBackoff;
    private final AuthEvents events;
    private final ScheduledExecutorService extender;
    private final Consumer<AccountState> forget;

    CredentialWork(CredentialManager.Builder b, RefreshLock lock, Sleeper sleeper, AuthEvents events,
                   ScheduledExecutorService extender, Consumer<AccountState> forget) {
        this.store = b.store;
        this.refresher = b.refresher;
        this.lock = lock;
        this.clock = b.clock;
        this.sleeper = sleeper;
        this.refreshWindow = b.refreshWindow;
        this.jitter = b.jitter != null ? b.jitter : b.refreshWindow.dividedBy(5);
        this.cacheTtl = b.cacheTtl;
        this.recheckInterval = b.recheckInterval;
        this.lockTtl = b.lockTtl;
        this.lockWait = b.lockWait;
        this.refreshTimeout = b.refreshTimeout;
        this.writeAttempts = b.writeAttempts;
        this.writeBackoff = b.writeBackoff;
        this.events = events;
        this.extender = extender;
        this.forget = forget;
    }

    /** Runs a flight to its end and completes its result (it may have been completed earlier, see below). */
    void run(AccountState e, Flight flight) {
        StoredCredential before = e.stored;
        boolean afterRejection = before != null && e.rejected(before);
        Credential c = null;
        Throwable failure = null;
        try {
            c = work(e, flight);
            if (afterRejection) {
                e.rejectionRefreshes++;
            }
        } catch (RuntimeException | Error x) {
            failure = x;
        }
        answer(e, flight, c, failure);
    }

    /**
     * Frees the account for the next flight, then completes the result (a no-op when it was completed earlier):
     * in this order, so that a caller who hears the answer and comes straight back finds no finished flight to join.
     */
    private static void answer(AccountState e, Flight flight, Credential c, Throwable failure) {
        e.inFlight.compareAndSet(flight, null);
        if (failure == null) {
            flight.result.complete(c);
        } else {
            flight.result.completeExceptionally(failure);
        }
    }

    private Credential work(AccountState e, Flight flight) {
        AccountKey account = e.account;
        Instant now = clock.instant();
        StoredCredential cached = e.stored;
        flight.phase = Flight.Phase.STORE_READ;
        StoredCredential current = readOrFallBack(e, now);
        if (current == null) {
            return cached.credential(); // store down, cached credential still usable
        }
        persistPending(e, current, flight);
        current = e.stored != null && e.stored.version() > current.version() ? e.stored : current;
        if (e.revoked(current)) {
            install(e, current, now);
            e.staleAt = now.plus(recheckInterval);
            throw CredentialFailures.revoked(e.revokedBecause);
        }
        if (!refreshDue(e, current, now)) {
            install(e, current, now);
            return current.credential();
        }
        boolean keepCurrent = usable(current.credential(), now) && !e.rejected(current);
        if (keepCurrent) {
            // Only proactively due: whoever waits for this flight gets the valid credential now, the refresh goes on.
            install(e, current, now);
            flight.result.complete(current.credential());
        }
        flight.phase = Flight.Phase.LOCK;
        Duration wait = lockWait(flight);
        Optional<RefreshLock.Lease> lease;
        try {
            lease = lock.acquire(account, lockTtl, wait);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the refresh lock of " + account, null);
        } catch (RuntimeException x) {
            log.warn("refresh lock backend unreachable for {}: {}", account, lockProblem(x));
            if (keepCurrent) {
                install(e, current, now);
                e.refreshAt = now.plus(recheckInterval); // try again later, not on every call
                return current.credential();
            }
            throw unavailable("refresh lock backend unreachable (" + lockProblem(x) + "); the credential of "
                    + account + " could not be refreshed", x);
        }
        if (lease.isEmpty()) {
            if (keepCurrent) {
                install(e, current, now);
                return current.credential();
            }
            if (wait.compareTo(lockWait) < 0) {
                throw CredentialFailures.deadlineExceeded(account, "the refresh lock, held by another node, was "
                        + "not released", wait);
            }
            throw unavailable("refresh lock of " + account + " held by another node for " + format(wait)
                    + "; its refresh did not finish", null);
        }
        RefreshLock.Lease held = lease.get();
        ScheduledFuture<?> keepAlive = keepAlive(account, held);
        Credential c = null;
        RuntimeException failed = null;
        Error error = null;
        try {
            c = refreshUnderLock(e, current, flight);
        } catch (RuntimeException x) {
            failed = x;
        } catch (Error x) {
            error = x;
        } finally {
            keepAlive.cancel(false);
        }
        // The answer is in: callers go on, and the next call that needs work starts a new flight, while this one
        // releases the lease. A release that hangs is the lock's problem only.
        e.releasing = flight;
        answer(e, flight, c, error != null ? error : failed);
        flight.phase = Flight.Phase.LOCK_RELEASE;
        release(account, held);
        if (error != null) {
            throw error;
        }
        if (failed != null) {
            throw failed;
        }
        return c;
    }

    /**
     * The lock wait of a flight: the configured wait, cut to most of the time left to the caller that started it, so
     * that the lock's own answer (held by another node, or backend unreachable) reaches that caller before its
     * deadline does.
     */
    private Duration lockWait(Flight flight) {
        Duration left = Duration.between(clock.instant(), flight.deadline);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        Duration mostOfIt = left.minus(left.dividedBy(10));
        return mostOfIt.compareTo(lockWait) < 0 ? mostOfIt : lockWait;
    }

    private static String lockProblem(RuntimeException x) {
        // The SPI's own exception is written to be safe to show; anything else is named by its class only.
        return x instanceof RefreshLock.LockUnavailableException ? x.getMessage() : describe(x);
    }

    private void release(AccountKey account, RefreshLock.Lease held) {
        try {
            held.close();
        } catch (RuntimeException x) {
            // The refreshed credential is stored; the lease runs out by itself. Nothing here concerns the caller.
            log.warn("refresh lock of {} not released ({}); it expires after its TTL of {}", account, lockProblem(x),
                    format(lockTtl));
        }
    }

    private Credential refreshUnderLock(AccountState e, StoredCredential before, Flight flight) {
        Instant now = clock.instant();
        flight.phase = Flight.Phase.STORE_READ;
        StoredCredential current = readOrFallBack(e, now);
        if (current == null) {
            return before.credential(); // store went down; readOrFallBack checked the cached one is usable
        }
        if (!refreshDue(e, current, now)) {
            install(e, current, now); // another node refreshed while we waited for the lock
            return current.credential();
        }
        return refresh(e, current, flight, true);
    }

    private Credential refresh(AccountState e, StoredCredential current, Flight flight, boolean mayReread) {
        AccountKey account = e.account;
        Instant now = clock.instant();
        flight.phase = Flight.Phase.TOKEN_ENDPOINT;
        Credential fresh;
        try {
            fresh = refresher.refresh(account, current.credential(), refreshTimeout);
        } catch (IntegrationException x) {
            return refreshFailed(e, current, now, x, flight, mayReread);
        } catch (RuntimeException x) {
            IntegrationException wrapped = unavailable("token refresh of " + account + " failed: " + describe(x), x);
            return refreshFailed(e, current, now, wrapped, flight, mayReread);
        }
        Objects.requireNonNull(fresh, "TokenRefresher returned null");
        if (fresh.equals(current.credential())) {
            // Nothing to refresh (static kinds): stop asking until it expires or is rejected again.
            install(e, current, now);
            e.rejectedVersion = -1;
            e.refreshAt = current.credential().expiresAt().orElse(Instant.MAX);
            return current.credential();
        }
        events.countRefresh(account, "success");
        flight.phase = Flight.Phase.STORE_WRITE;
        StoredCredential written = write(e, current, fresh, now);
        if (written.version() == current.version()) {
            return fresh; // not persisted: WRITE_FAILED was reported; used from memory
        }
        events.emit(AuthEvent.Type.REFRESHED, account, written.version(), "kind=" + fresh.kind()
                + expiryDetail(fresh));
        if (rotated(current.credential(), fresh)) {
            events.emit(AuthEvent.Type.ROTATED, account, written.version(), "refresh token rotated and stored");
        }
        return written.credential();
    }

    private Credential refreshFailed(AccountState e, StoredCredential current, Instant now, IntegrationException x,
                                     Flight flight, boolean mayReread) {
        AccountKey account = e.account;
        ErrorEnvelope env = x.envelope();
        events.countRefresh(account, "failure");
        if (Reasons.TOKEN_REVOKED.equals(env.reason())) {
            // Another node may have refreshed (and rotated) after our read, or the customer re-authorized: the store
            // has the grant to use then, and the one that was just rejected was simply old.
            StoredCredential latest = mayReread ? newerGrant(e, current, flight) : null;
            if (latest != null) {
                log.info("grant of {} rejected, but the store holds a newer one (version {}); using it", account,
                        latest.version());
                install(e, latest, clock.instant());
                if (!refreshDue(e, latest, clock.instant())) {
                    return latest.credential();
                }
                return refresh(e, latest, flight, false);
            }
            install(e, current, now);
            e.revokedVersion = current.version();
            e.revokedBecause = "credential of " + account + " (version " + current.version()
                    + ") was revoked; the account needs re-authorization";
            e.staleAt = now.plus(recheckInterval);
            events.emit(AuthEvent.Type.REVOKED, account, current.version(), "grant rejected; re-authorization needed");
            throw x;
        }
        events.emit(AuthEvent.Type.REFRESH_FAILED, account, current.version(),
                "category=" + env.category().wireName() + " reason=" + env.reason());
        if (usable(current.credential(), now) && !e.rejected(current)) {
            install(e, current, now);
            e.refreshAt = now.plus(recheckInterval); // try again later, not on every call
            return current.credential();
        }
        throw x;
    }

    /** The stored credential if it holds another grant than {@code rejected}; null when not, or unreadable. */
    private StoredCredential newerGrant(AccountState e, StoredCredential rejected, Flight flight) {
        flight.phase = Flight.Phase.STORE_READ;
        Optional<StoredCredential> read;
        try {
            read = store.read(e.account);
        } catch (RuntimeException x) {
            log.warn("could not re-read the credential of {} after invalid_grant: {}", e.account, describe(x));
            return null;
        }
        if (read.isEmpty()) {
            return null;
        }
        StoredCredential latest = read.get();
        // The same refresh token under a new version (another node refreshed without rotation) was just rejected
        // too, so only a different one is worth a try.
        return refreshTokenOf(latest.credential()).equals(refreshTokenOf(rejected.credential())) ? null : latest;
    }

    private static String refreshTokenOf(Credential c) {
        return c instanceof Credential.OAuth2Token t && t.hasRefreshToken() ? t.refreshToken() : "";
    }

    /** Check-and-set write with retries; returns the stored result, or {@code base} unchanged when it failed. */
    private StoredCredential write(AccountState e, StoredCredential base, Credential fresh, Instant now) {
        AccountKey account = e.account;
        RuntimeException last = null;
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
            } catch (RuntimeException x) {
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
        events.emit(AuthEvent.Type.WRITE_FAILED, account, base.version(), "refreshed credential not stored after "
                + writeAttempts + " attempts (" + (last == null ? "?" : describe(last))
                + "); kept in memory and written on the next store read");
        e.unpersisted = fresh;
        StoredCredential inMemory = new StoredCredential(fresh, base.version(), now);
        install(e, inMemory, now);
        e.staleAt = now.plus(recheckInterval);
        return inMemory;
    }

    private void persistPending(AccountState e, StoredCredential current, Flight flight) {
        Credential pending = e.unpersisted;
        if (pending == null) {
            return;
        }
        flight.phase = Flight.Phase.STORE_WRITE;
        try {
            StoredCredential written = store.write(e.account, pending, current.version());
            e.unpersisted = null;
            install(e, written, clock.instant());
            events.emit(AuthEvent.Type.REFRESHED, e.account, written.version(), "previously unstored credential "
                    + "stored");
        } catch (CredentialConflictException c) {
            e.unpersisted = null;
        } catch (RuntimeException x) {
            log.warn("credential of {} still not stored: {}", e.account, describe(x));
        }
    }

    /**
     * Reads the store. On failure: returns {@code null} when the cached credential is still usable (the caller
     * keeps it), else throws {@code credential_unavailable}. Throws the same when nothing is stored.
     */
    private StoredCredential readOrFallBack(AccountState e, Instant now) {
        AccountKey account = e.account;
        Optional<StoredCredential> read;
        try {
            read = store.read(account);
        } catch (RuntimeException x) {
            e.storeDownUntil = now.plus(recheckInterval);
            String problem = x instanceof CredentialStoreException ? x.getMessage() : describe(x);
            if (!e.storeDown) {
                e.storeDown = true;
                events.emit(AuthEvent.Type.STORE_UNAVAILABLE, account, 0, "store read failed: " + describe(x));
            }
            StoredCredential cached = e.stored;
            if (cached != null && usable(cached.credential(), now) && !e.rejected(cached) && !e.revoked(cached)) {
                e.staleAt = now.plus(recheckInterval);
                return null;
            }
            throw unavailable("credential store unavailable: " + problem, x);
        }
        e.storeDown = false;
        e.storeDownUntil = Instant.MIN;
        if (read.isEmpty()) {
            forget.accept(e);
            throw unavailable("no credential stored for " + account, null);
        }
        return read.get();
    }

    void install(AccountState e, StoredCredential s, Instant now) {
        e.stored = s;
        e.staleAt = now.plus(cacheTtl);
        e.refreshAt = refreshAt(e.account, s);
    }

    private boolean refreshDue(AccountState e, StoredCredential s, Instant now) {
        return e.rejected(s) || needsToken(s.credential()) || !now.isBefore(refreshAt(e.account, s))
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

    static boolean usable(Credential c, Instant now) {
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

    private ScheduledFuture<?> keepAlive(AccountKey account, RefreshLock.Lease lease) {
        long period = Math.max(1, lockTtl.toMillis() / 3);
        return extender.scheduleAtFixedRate(() -> {
            try {
                if (!lease.extend(lockTtl)) {
                    log.warn("refresh lease of {} was lost before the refresh finished", account);
                }
            } catch (RuntimeException x) {
                log.warn("could not extend the refresh lease of {}: {}", account, lockProblem(x));
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }
}
