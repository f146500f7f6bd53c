package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.RefreshLock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link RefreshLock} backend must do; each backend's test extends this with its own lock. */
abstract class RefreshLockContract {
    final AccountKey account = AccountKey.of("crm", "acme-" + Backends.suffix());

    /** A second handle on the same lock state, as another node would have. */
    abstract RefreshLock lock();

    abstract RefreshLock otherNode();

    /** Lets a lease of {@code ttl} expire: moves a fake clock, or does nothing where expiry is real time. */
    abstract void letExpire(Duration ttl);

    /** A TTL short enough to expire during the test. */
    Duration shortTtl() {
        return Duration.ofMillis(200);
    }

    @Test
    void onlyOneOwnerHoldsTheLockAtATime() throws Exception {
        try (RefreshLock.Lease first = lock().acquire(account, Duration.ofSeconds(30), Duration.ZERO).orElseThrow()) {
            assertThat(otherNode().acquire(account, Duration.ofSeconds(30), Duration.ofMillis(50))).isEmpty();
            assertThat(first.ownerToken()).isNotBlank();
        }
        Optional<RefreshLock.Lease> next = otherNode().acquire(account, Duration.ofSeconds(30), Duration.ZERO);
        assertThat(next).isPresent();
        next.get().close();
    }

    @Test
    void aWaiterGetsTheLockWhenTheHolderReleasesIt() throws Exception {
        RefreshLock.Lease first = lock().acquire(account, Duration.ofSeconds(30), Duration.ZERO).orElseThrow();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger got = new AtomicInteger();
        Thread waiter = new Thread(() -> {
            waiting.countDown();
            try {
                otherNode().acquire(account, Duration.ofSeconds(30), Duration.ofSeconds(20)).ifPresent(l -> {
                    got.incrementAndGet();
                    l.close();
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        first.close();
        waiter.join(20_000);
        assertThat(got).hasValue(1);
    }

    @Test
    void aHolderWhoseLeaseExpiredCannotReleaseOrExtendTheNextHoldersLock() throws Exception {
        RefreshLock.Lease stale = lock().acquire(account, shortTtl(), Duration.ZERO).orElseThrow();
        letExpire(shortTtl());
        RefreshLock.Lease next = otherNode().acquire(account, Duration.ofSeconds(30), Duration.ofSeconds(10))
                .orElseThrow();

        stale.close();
        assertThat(stale.extend(Duration.ofSeconds(30))).isFalse();

        assertThat(lock().acquire(account, Duration.ofSeconds(30), Duration.ofMillis(50))).isEmpty();
        assertThat(next.extend(Duration.ofSeconds(30))).isTrue();
        next.close();
        assertThat(lock().acquire(account, Duration.ofSeconds(30), Duration.ZERO)).hasValueSatisfying(
                RefreshLock.Lease::close);
    }

    @Test
    void aLockOfANodeThatDiedExpiresAndPassesOn() throws Exception {
        lock().acquire(account, shortTtl(), Duration.ZERO).orElseThrow(); // never released: the node died
        letExpire(shortTtl());

        Optional<RefreshLock.Lease> next = otherNode().acquire(account, Duration.ofSeconds(30), Duration.ofSeconds(10));
        assertThat(next).isPresent();
        next.get().close();
    }

    @Test
    void extendingKeepsALeaseAliveBeyondItsFirstTtl() throws Exception {
        RefreshLock.Lease lease = lock().acquire(account, shortTtl(), Duration.ZERO).orElseThrow();
        assertThat(lease.extend(Duration.ofSeconds(30))).isTrue();
        letExpire(shortTtl());

        assertThat(otherNode().acquire(account, Duration.ofSeconds(30), shortTtl().multipliedBy(2))).isEmpty();
        lease.close();
    }

    @Test
    void differentAccountsDoNotBlockEachOther() throws Exception {
        AccountKey other = AccountKey.of("crm", "globex-" + Backends.suffix());
        try (RefreshLock.Lease a = lock().acquire(account, Duration.ofSeconds(30), Duration.ZERO).orElseThrow();
             RefreshLock.Lease b = otherNode().acquire(other, Duration.ofSeconds(30), Duration.ZERO).orElseThrow()) {
            assertThat(a.ownerToken()).isNotEqualTo(b.ownerToken());
        }
    }
}
